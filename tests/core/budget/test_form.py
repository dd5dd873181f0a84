"""The budget forms: trips, cost lines, rates and the total budget; every bad field named."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from usce_tui.core.budget.form import (
    expense_from_form,
    expense_values,
    rates_from_form,
    trip_from_form,
    trip_values,
)
from usce_tui.core.parse import FormErrors
from usce_tui.core.records import Expense, Profile, Trip
from usce_tui.core.values import ExchangeRate, Money

TODAY = date(2026, 11, 24)
TRIP = {"name": "Spring", "city": "Chicago", "arrival": "22/03/2027", "departure": "23/04/2027",
        "program_ids": ["1", "2"]}


def test_trip_round_trip() -> None:
    trip = trip_from_form(TRIP, Trip(), "DMY", {"1", "2"})
    assert (trip.arrival, trip.departure) == (date(2027, 3, 22), date(2027, 4, 23))
    assert trip.program_ids == ["1", "2"]
    assert trip_from_form(trip_values(trip, "DMY"), trip, "DMY", {"1", "2"}) == trip


@pytest.mark.parametrize("changes, field, words", [
    ({"name": " "}, "name", "is required"),
    ({"departure": "01/03/2027"}, "departure", "is before the arrival"),
    ({"departure": ""}, "departure", "is needed with the other date"),
    ({"arrival": "31/02/2027"}, "arrival", "is not a real date"),
    ({"program_ids": ["7"]}, "program_ids", "unknown program"),
])
def test_trip_refused(changes: dict, field: str, words: str) -> None:
    with pytest.raises(FormErrors) as info:
        trip_from_form({**TRIP, **changes}, Trip(), "DMY", {"1", "2"})
    assert list(info.value.errors) == [field] and words in str(info.value)


LINE = {"trip_id": "1", "program_id": "", "category": "housing", "description": "Room",
        "amount": "1,100", "currency": "usd", "recurrence": "per month", "state": "planned"}


def test_expense_round_trip() -> None:
    line = expense_from_form(LINE, Expense(), {"1"}, {"1"})
    assert line.amount == Money(Decimal("1100"), "USD") and line.trip_id == "1" and line.program_id is None
    assert expense_from_form(expense_values(line), line, {"1"}, {"1"}) == line


@pytest.mark.parametrize("changes, field, words", [
    ({"amount": "-50"}, "amount", "is negative"),
    ({"amount": ""}, "amount", "is required"),
    ({"currency": "DOLLARS"}, "currency", "is not a currency code"),
    ({"trip_id": "9"}, "trip_id", "is not one of yours"),
    ({"category": "bribes"}, "category", "is not one of"),
])
def test_expense_refused(changes: dict, field: str, words: str) -> None:
    with pytest.raises(FormErrors) as info:
        expense_from_form({**LINE, **changes}, Expense(), {"1"}, {"1"})
    assert list(info.value.errors) == [field] and words in str(info.value)


def test_a_cost_without_description_is_named_by_its_category() -> None:
    assert expense_from_form({**LINE, "description": ""}, Expense(), {"1"}, {"1"}).description == "housing"


def test_rates_are_dated_when_changed_and_removed_when_blank() -> None:
    old = ExchangeRate("PEN", Decimal("3.75"), date(2026, 1, 1))
    euro = ExchangeRate("EUR", Decimal("0.9"), date(2026, 1, 1))
    base = Profile(home_currency="PEN", exchange_rates=[old, euro])
    result = rates_from_form({"budget_total": "40000", "rate_PEN": "3.75", "rate_EUR": "",
                              "rate_INR": "84"}, base, TODAY)
    assert result.budget_total == Money(Decimal("40000"), "PEN")
    assert result.exchange_rates == [ExchangeRate("INR", Decimal("84"), TODAY), old]


@pytest.mark.parametrize("typed, says", [
    ("-0.9", "'-0.9' is negative: a rate is more than zero"),
    ("0", "'0' is zero: a rate is more than zero"),
    ("0,00", "'0,00' is zero: a rate is more than zero"),
])
def test_a_rate_below_or_at_zero_is_told_it_must_be_more_than_zero(typed: str, says: str) -> None:
    """A newcomer typed -0.9 and was told amounts are "zero or more", then typed 0 and was told
    it must be more than zero: a rate's rule is said the same way both times."""
    with pytest.raises(FormErrors) as info:
        rates_from_form({"budget_total": "", "rate_EUR": typed}, Profile(home_currency="PEN"), TODAY)
    assert says in str(info.value.errors["rate_EUR"])


@pytest.mark.parametrize("values, field", [
    ({"budget_total": "lots", "rate_PEN": "3.75"}, "budget_total"),
    ({"budget_total": "", "rate_PEN": "0"}, "rate_PEN"),
    ({"budget_total": "", "rate_PEN": "-1"}, "rate_PEN"),
])
def test_rates_refused(values: dict, field: str) -> None:
    with pytest.raises(FormErrors) as info:
        rates_from_form(values, Profile(home_currency="PEN"), TODAY)
    assert list(info.value.errors) == [field]
