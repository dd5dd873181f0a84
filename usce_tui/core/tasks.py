"""One thing to do by a date, and where it lives: what the dashboard lists, the calendar dates,
and every area's rules hand in (deadlines, letters, trips, paperwork)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Task:
    """One thing to do, when, and where it lives (the screen and the record)."""

    due: date
    text: str
    area: str  # programs / letters / budget / paperwork
    record_id: str
    kind: str
    subject: str = ""  # what it is about within the record (a document's kind, a visa step)

    def days_left(self, today: date) -> int:
        return (self.due - today).days
