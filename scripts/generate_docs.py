"""Write the documentation pages that are generated from the packs.

    python scripts/generate_docs.py           # rewrite them
    python scripts/generate_docs.py --check   # exit 1 if a page is stale (the tests do this)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from regkit.comparison import comparison_page
from regkit.schema import schema_json
from regkit.tables import classification_markdown, liability_markdown

ROOT = Path(__file__).resolve().parents[1]
PAGES = {"docs/classification.md": classification_markdown, "docs/liability.md": liability_markdown,
         "docs/comparison.md": comparison_page,
         # the pack format's JSON Schema, beside the packs (and in the wheel, as regkit/rules/)
         "rules/pack.schema.json": schema_json}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; fail if a page is stale")
    args = parser.parse_args()
    stale = []
    for name, build in PAGES.items():
        path, text = ROOT / name, build()
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(name)
        if not args.check:
            path.write_text(text, encoding="utf-8")
    if args.check and stale:
        print("stale: " + ", ".join(stale) + " (run python scripts/generate_docs.py)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
