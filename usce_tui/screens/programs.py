"""Programs (key 2): every USCE opportunity the user is considering."""

from __future__ import annotations

from collections.abc import Iterable

from ..models import Program
from .base import ListScreen


class ProgramsScreen(ListScreen):
    """The program list."""

    AREA = "Programs"
    EMPTY = (
        "No programs yet.\n\n"
        "This is where every clerkship, externship, observership and research position you "
        "consider will live, with its requirements, costs, deadlines and status.\n\n"
        "To explore with example programs, run  usce --demo  (or  make demo)."
    )
    COLUMNS = (("Program", 34), ("Type", 18), ("Specialty", 18), ("City", 16), ("Status", 12))

    def rows(self) -> Iterable[tuple[int, tuple[str, ...]]]:
        for p in self.store.all(Program):
            place = ", ".join(x for x in (p.city, p.state) if x)
            yield p.id or 0, (p.name, p.type, p.specialty, place, p.status)
