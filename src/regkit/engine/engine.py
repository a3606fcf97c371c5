"""`regkit.Engine`: the questions regkit answers, asked of one library on one calendar.

    engine = regkit.Engine(library=regkit.Library.from_paths("my-rules"))
    engine.evaluate(events, jurisdiction="mycity", as_of="2026-11-22")

The module functions (`regkit.evaluate`, `regkit.classify`, ...) are the same
questions asked of the bundled library on the default calendar. An engine makes its
library the active one while it answers (`_active.using`), so everything compiled
while it answers is kept in that library's store and nowhere else.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Iterable, Iterator

from .. import _active
from ..calendar import WorkingDayCalendar

__all__ = ["Engine"]


class Engine:
    """Answers from `library` (default: the bundled one), counting on `calendar`
    (default: the library's calendar of announced holidays)."""

    def __init__(self, library: Any = None, calendar: WorkingDayCalendar | None = None) -> None:
        from ..library import Library

        self.library = library if library is not None else Library.bundled()
        if not isinstance(self.library, Library):
            raise TypeError(f"library must be a regkit.Library, not {type(self.library).__name__}")
        self.calendar = calendar

    def __repr__(self) -> str:
        return f"Engine({self.library!r})"

    def _using(self):
        return _active.using(self.library)

    def evaluate(self, events: Any, *, jurisdiction: str | None = None, as_of: date | str | None = None,
                 layers: str = "all") -> dict[str, Any]:
        """Deadlines, classifications, findings and conflicts of a history: events, or a `History`
        whose own jurisdiction and as_of apply unless given (see `regkit.evaluate`)."""
        from .evaluate import evaluate
        with self._using():
            return evaluate(events, jurisdiction=jurisdiction, as_of=as_of, layers=layers,
                            calendar=self.calendar)

    def evaluate_many(self, histories: Iterable[Any], **options: Any) -> Iterator[Any]:
        """Many histories, lazily (see `regkit.evaluate_many`); each is answered from this library."""
        from ..batch import evaluate_many
        with self._using():
            results = evaluate_many(histories, calendar=self.calendar, **options)
        return self._each(results)

    def _each(self, results: Iterator[Any]) -> Iterator[Any]:
        while True:  # a generator runs when consumed: make the library active for each step
            with self._using():
                try:
                    result = next(results)
                except StopIteration:
                    return
            yield result

    def evaluate_table(self, source: Any, **options: Any) -> Any:
        """An event table's decision tables (see `regkit.evaluate_table`); with `workers`, each
        worker process loads this library's folders again and answers from them."""
        from ..columnar.run import evaluate_table
        options.setdefault("calendar", self.calendar)
        with self._using():
            return evaluate_table(source, **options)

    def classify(self, jurisdiction: str, claim: dict[str, Any], *, on: date | None = None,
                 layers: str = "all") -> list[dict[str, Any]]:
        """Judge a classification claim, one item per layer (see `regkit.classify`)."""
        from .classify import classify_claim
        with self._using():
            self.library.pack(jurisdiction)
            return classify_claim(jurisdiction, claim, on=on, layers=layers)

    def explain(self, rule_id: str) -> str:
        """A rule's parameters, its article text and the reading it takes."""
        from ..explanation import explain
        with self._using():
            return explain(rule_id)

    def conflicts(self, jurisdiction: str | None = None, on: date | None = None) -> list[dict[str, Any]]:
        """Where a lower rule is laxer than a higher one in force (see `regkit.conflicts`)."""
        from .conflicts import conflicts
        with self._using():
            return conflicts(jurisdiction, on=on)

    def compare(self, topics: Iterable[str] | None = None, on: date | None = None) -> dict[str, Any]:
        """The matrix of topics and jurisdictions (see `regkit.compare`)."""
        from ..comparison import compare
        with self._using():
            return compare(topics, on=on)

    def compare_history(self, events: Iterable[Any], *, as_of: date | str,
                        layers: str = "all") -> dict[str, Any]:
        """One history under every jurisdiction of the library (see `regkit.compare_history`)."""
        from ..comparison import compare_history
        with self._using():
            return compare_history(events, as_of=as_of, layers=layers, calendar=self.calendar)

    def source_text(self, jurisdiction: str, article: int, document: str | None = None) -> str:
        """The normalised text of an article."""
        from ..sources import source_text
        with self._using():
            return source_text(jurisdiction, article, document)
