"""Journal (key 5): daily reflections during rotations."""

from __future__ import annotations

from collections.abc import Iterable

from ..models import JournalEntry, format_date
from .base import ListScreen

SHOWN = 300  # a DataTable lays out ~0.5 ms a row: list the newest entries, not all of them


class JournalScreen(ListScreen):
    """The newest journal entries."""

    AREA = "Journal"
    EMPTY = (
        "No journal entries yet.\n\n"
        "During a rotation, write a few lines every day: what you learned, a case, feedback, "
        "a cultural lesson. They become your personal statement and interview answers.\n\n"
        "To explore with example entries, run  usce --demo  (or  make demo)."
    )
    COLUMNS = (("Date", 12), ("Title", 40), ("Tags", 30), ("★", 3))

    def rows(self) -> Iterable[tuple[int, tuple[str, ...]]]:
        order = self.store.profile().date_order
        entries = self.store.all(JournalEntry)
        entries.sort(key=lambda e: (e.date.isoformat() if e.date else "", e.time), reverse=True)
        for e in entries[:SHOWN]:
            day = format_date(e.date, order)
            yield e.id or 0, (day, e.title, ", ".join(e.tags), "★" if e.starred else "")
