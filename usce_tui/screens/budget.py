"""Budget (key 3): what USCE will cost, trip by trip."""

from __future__ import annotations

from collections.abc import Iterable

from ..models import Expense, Trip
from .base import ListScreen


class BudgetScreen(ListScreen):
    """The cost lines of every trip and program."""

    AREA = "Budget"
    EMPTY = (
        "No costs yet.\n\n"
        "Plan each trip here: flights, housing, program fees, visa, insurance and daily "
        "living, in any currency, planned against what you actually paid.\n\n"
        "To explore with an example budget, run  usce --demo  (or  make demo)."
    )
    COLUMNS = (("Trip", 24), ("Category", 20), ("Description", 28), ("Amount", 16),
               ("Recurs", 10), ("State", 8))

    def rows(self) -> Iterable[tuple[int, tuple[str, ...]]]:
        trips = {t.id: t.name for t in self.store.all(Trip)}
        for e in self.store.all(Expense):
            trip = trips.get(e.trip_id, "") if e.trip_id is not None else "(no trip)"
            yield e.id or 0, (trip, e.category, e.description, str(e.amount), e.recurrence, e.state)
