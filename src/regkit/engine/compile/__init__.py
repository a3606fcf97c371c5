"""Pack model -> compiled form: every record the engine answers from is made here.

The pydantic models of `model.packs` validate a pack at the edge; the engine then
reads only the slotted records made in this package, one module per kind of rule:

- `deadlines`: time limits, monthly duties and receipt routing, and a pack's layer
  of them (`layers_for`: the layers binding a jurisdiction);
- `liability`: liability and responsibility rules (engine.liability indexes them;
  `liability_for`: a pack's liability rules, as the comparison and the generated docs read them);
- `classification`: a pack's classification table (`table_for`);
- `conflicts`: the figures conflicts compare, time limits and accepted bases
  (`conflict_table_for`);
- `records`: the pieces all of them are made of (`where` tests, citations, intervals).

Each form is built once per library: `layers_for` and the derived forms that use it
(`engine.plan.plan_for`, the conflict lists of `engine.conflicts`) through
`_active.compiled`, the per-pack tables (`table_for`, `conflict_table_for`,
`liability_for`) through `_active.remember`, both in the store of the library
answering now. Two libraries in one process never share an answer, and nothing
outside this package compiles a pack.

The other caches of the package hold no per-library data, and stay process-wide:
the bundled packs, source texts and library themselves (`packs.bundled_packs`,
`sources._bundled_documents`, `library._bundled_library`), where the files are
(`_resources.rules_dir`), the vocabulary and translations (`vocabulary`, `i18n`),
the calendar's law and default calendar (`calendar`), holiday names (`trail`), and
the period arithmetic of a calendar (`engine.deadlines.counter_for`, keyed by it).
"""

from .classification import ClassificationTable, compile_classification, table_for
from .conflicts import ConflictTable, compile_conflict_table, conflict_table_for
from .deadlines import Layer, compile_layer, layers_for
from .liability import compile_liability, compile_responsibility, liability_for

__all__ = ["ClassificationTable", "ConflictTable", "Layer", "compile_classification", "compile_conflict_table",
           "compile_layer", "compile_liability", "compile_responsibility", "conflict_table_for", "layers_for",
           "liability_for", "table_for"]
