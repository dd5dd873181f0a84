"""The budget's forms: a trip, a cost line, and the exchange rates with the total budget."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from usce_tui.core.budget.form import (
    NONE,
    expense_from_form,
    expense_values,
    rates_from_form,
    trip_from_form,
    trip_values,
)
from usce_tui.core.records import (
    EXPENSE_CATEGORIES,
    EXPENSE_STATES,
    RECURRENCES,
    Expense,
    Profile,
    Program,
    Trip,
)
from usce_tui.modals.record_form import Field, RecordForm


def _options(values: Sequence[str]) -> list[tuple[str, str]]:
    return [(v, v) for v in values]


def trip_form(trip: Trip, order: str, programs: Sequence[Program]) -> RecordForm[Trip]:
    hint = "DD/MM/YYYY" if order == "DMY" else "MM/DD/YYYY"
    fields = [Field("name", "Name *", placeholder="e.g. Chicago spring rotations"),
              Field("city", "City"), Field("arrival", "Arrival", placeholder=hint),
              Field("departure", "Departure", placeholder=hint), Field("notes", "Notes")]
    known = {p.id for p in programs if p.id is not None}
    return RecordForm(
        f"Edit the trip {trip.name}" if trip.id else "Add a trip", fields, trip_values(trip, order),
        lambda values: trip_from_form(values, trip, order, known),
        checklist=("program_ids", "Programs on this trip (space ticks)",
                   [(p.name, str(p.id)) for p in programs]))


def expense_form(expense: Expense, trips: Sequence[Trip],
                 programs: Sequence[Program]) -> RecordForm[Expense]:
    fields = [
        Field("trip_id", "Trip", [("(no trip)", NONE), *((t.name, str(t.id)) for t in trips)]),
        Field("program_id", "Program", [("(no program)", NONE), *((p.name, str(p.id)) for p in programs)]),
        Field("category", "Category", _options(EXPENSE_CATEGORIES)),
        Field("description", "Description", placeholder="e.g. Shared room near the hospital"),
        Field("amount", "Amount *", placeholder="e.g. 1100 (funding: the amount received)"),
        Field("currency", "Currency *", placeholder="e.g. USD, INR, PEN"),
        Field("recurrence", "Recurs", _options(RECURRENCES)),
        Field("state", "Planned or paid", list(zip(("planned", "paid (actual)"), EXPENSE_STATES,
                                                   strict=True))),
        Field("notes", "Notes"),
    ]
    trip_ids = {t.id for t in trips if t.id is not None}
    program_ids = {p.id for p in programs if p.id is not None}
    return RecordForm(
        "Edit the cost" if expense.id else "Add a cost", fields, expense_values(expense),
        lambda values: expense_from_form(values, expense, trip_ids, program_ids))


def rates_form(profile: Profile, currencies: Sequence[str], today: date) -> RecordForm[Profile]:
    rates = {r.currency: r for r in profile.exchange_rates}
    fields = [Field("budget_total", "Total budget",
                    placeholder=f"e.g. 40000 {profile.home_currency} (blank: none)")]
    fields += [Field(f"rate_{c}", f"1 USD in {c}", placeholder="units per U.S. dollar (blank: none)")
               for c in currencies]
    values = {"budget_total": "" if profile.budget_total is None else
              f"{profile.budget_total.amount:f} {profile.budget_total.currency}"}
    values |= {f"rate_{c}": f"{rates[c].per_usd}" if c in rates else "" for c in currencies}
    return RecordForm("Exchange rates and total budget", fields, values,
                      lambda values: rates_from_form(values, profile, today))
