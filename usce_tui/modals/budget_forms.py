"""The budget's forms: a trip, a cost line, and the exchange rates with the total budget."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from usce_tui.core.budget.form import (
    expense_fields,
    expense_from_form,
    expense_values,
    rates_fields,
    rates_from_form,
    rates_values,
    trip_fields,
    trip_from_form,
    trip_values,
)
from usce_tui.core.programs.rules import program_options
from usce_tui.core.records import Expense, Profile, Program, Trip
from usce_tui.modals.record_form import RecordForm


def trip_form(trip: Trip, order: str, programs: Sequence[Program],
              today: date | None = None) -> RecordForm[Trip]:
    """Add or edit a trip, with the programs it combines as a checklist."""
    known = {p.id for p in programs if p.id is not None}
    return RecordForm(
        f"Edit the trip {trip.name}" if trip.id else "Add a trip", trip_fields(), trip_values(trip, order),
        lambda values: trip_from_form(values, trip, order, known, today), order=order,
        checklist=("program_ids", "Programs on this trip (space ticks)",
                   list(program_options(programs))))


def expense_form(expense: Expense, trips: Sequence[Trip],
                 programs: Sequence[Program]) -> RecordForm[Expense]:
    """Add or edit a cost line."""
    trip_ids = {t.id for t in trips if t.id is not None}
    program_ids = {p.id for p in programs if p.id is not None}
    return RecordForm(
        (f"Edit the cost: {expense.description or expense.category}" if expense.id else "Add a cost"),
        expense_fields(trips, programs),
        expense_values(expense), lambda values: expense_from_form(values, expense, trip_ids, program_ids),
        first="description")  # what is typed right after a is the cost, not a trip's name


def rates_form(profile: Profile, currencies: Sequence[str], today: date) -> RecordForm[Profile]:
    """The total budget and one exchange rate per currency in use."""
    return RecordForm("Exchange rates and total budget", rates_fields(profile, currencies),
                      rates_values(profile, currencies),
                      lambda values: rates_from_form(values, profile, today))
