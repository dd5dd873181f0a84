"""The budget as a CSV file: every line, as entered and converted."""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal

from usce_tui.core.budget.rules import Line, convert
from usce_tui.core.cells import SafeWriter
from usce_tui.core.records import Program, Trip
from usce_tui.core.values import Money


def write_budget(lines: Sequence[Line], trips: Sequence[Trip], programs: Sequence[Program],
                 home: str, rates: dict[str, Decimal]) -> str:
    """A CSV of every line: trip, program, category, the amount as entered, how often, the
    line total, and the total in the home currency and in USD (blank without a rate; one
    column when the home currency is USD, which had been written twice under one name)."""
    trip_names = {t.id: t.name for t in trips}
    program_names = {p.id: p.name for p in programs}
    out = io.StringIO()
    writer = SafeWriter(out)
    totals_in = list(dict.fromkeys([home, "USD"]))
    writer.writerow(["Trip", "Program", "Category", "Description", "Amount", "Currency", "Recurs",
                     "Times", "Line total", *(f"Total in {c}" for c in totals_in), "Planned or paid",
                     "From", "Problem"])
    for line in lines:
        money = line.total

        def converted(to: str, money: Money | None = money) -> str:
            value = convert(money, to, rates) if money else None
            return "" if value is None else str(value.amount)

        writer.writerow([
            trip_names.get(line.trip_id, ""), program_names.get(line.program_id, ""), line.category,
            line.description, "" if line.unit is None else str(line.unit.amount),
            "" if line.unit is None else line.unit.currency, line.recurrence,
            "" if line.count is None else f"{line.count:.4f}".rstrip("0").rstrip("."),
            "" if money is None else str(money.amount), *(converted(c) for c in totals_in),
            "paid" if line.state == "actual" else "planned",
            "cost line" if line.expense_id is not None else "program record" if line.program_id is not None
            else "trip record", line.problem,  # a trip's visa and SEVIS fees
        ])
    return out.getvalue()
