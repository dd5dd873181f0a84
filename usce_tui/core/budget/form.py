"""The budget's forms as text to validated records and back: trips, cost lines, and the rates
and total budget kept in the profile. No textual here; errors name every bad field at once."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from functools import partial
from typing import Any

from usce_tui.core.forms import ErrorCollector, Field, choices
from usce_tui.core.parse import (
    FieldError,
    counted,
    format_date,
    parse_amount,
    parse_choice,
    parse_currency,
    parse_date,
    parse_money_text,
    parse_whole_number,
)
from usce_tui.core.programs.rules import program_options
from usce_tui.core.records import (
    EXPENSE_CATEGORIES,
    EXPENSE_STATES,
    RECURRENCES,
    TRIP_VISAS,
    Expense,
    Profile,
    Program,
    Trip,
)
from usce_tui.core.values import ExchangeRate, Money

NONE = ""  # the "no trip" / "no program" choice


def _reference(text: str, known: set[str], label: str) -> str | None:
    if text in (NONE, "None"):
        return None
    if text not in known:
        raise FieldError(label, "is not one of yours (it may have been deleted)")
    return text


def trip_fields() -> tuple[Field, ...]:
    """The trip form's fields (the programs it combines are a checklist beside them)."""
    return (Field("name", "Name *", placeholder="e.g. Chicago spring rotations"), Field("city", "City"),
            Field("arrival", "Arrival", date=True), Field("departure", "Departure", date=True),
            Field("notes", "Notes"),
            Field("visa", "Visa", choices(TRIP_VISAS)),
            *(Field(key, label, date=True) for key, label in VISA_DATES),
            Field("visa_margin_days", "Interview (days)", placeholder="days before arrival (21)"),
            Field("visa_fee", "Visa fee", placeholder="e.g. 185 USD (a cost of the trip)"),
            Field("sevis_fee", "SEVIS fee", placeholder="e.g. 220 USD (J-1, F-1)"))


# The dated visa steps of a trip: (field, label).
VISA_DATES = (("ds160_on", "DS-160 submitted"), ("visa_fee_paid_on", "Visa fee paid"),
              ("visa_interview_on", "Visa interview"), ("visa_issued_on", "Visa issued"),
              ("visa_valid_until", "Visa valid until"))
DONE_STEPS = frozenset({"ds160_on", "visa_fee_paid_on", "visa_issued_on"})  # steps dated when done


def expense_fields(trips: Sequence[Trip], programs: Sequence[Program]) -> tuple[Field, ...]:
    """The cost form's fields; trip and program are chosen among the user's own."""
    return (
        Field("trip_id", "Trip", (("(no trip)", NONE), *((t.name, str(t.id)) for t in trips))),
        Field("program_id", "Program", (("(no program)", NONE), *program_options(programs))),
        Field("category", "Category", choices(EXPENSE_CATEGORIES)),
        Field("description", "Description", placeholder="e.g. Shared room near the hospital"),
        Field("amount", "Amount *", placeholder="e.g. 1100 (funding: the amount received)"),
        Field("currency", "Currency *", placeholder="e.g. USD, INR, PEN"),
        Field("recurrence", "Recurs", choices(RECURRENCES)),
        Field("state", "Planned or paid", tuple(zip(("planned", "paid (actual)"), EXPENSE_STATES,
                                                    strict=True))),
        Field("notes", "Notes"),
    )


def rates_fields(profile: Profile, currencies: Sequence[str]) -> tuple[Field, ...]:
    """The total budget, and one exchange rate for each of ``currencies``."""
    return (Field("budget_total", "Total budget",
                  placeholder=f"e.g. 40000 {profile.home_currency} (blank: none)"),
            *(Field(f"rate_{c}", f"1 USD in {c}", placeholder="units per U.S. dollar (blank: none)")
              for c in currencies))


def rates_values(profile: Profile, currencies: Sequence[str]) -> dict[str, str]:
    """The rates form's text: the total budget and each currency's rate."""
    rates = {r.currency: r for r in profile.exchange_rates}
    values = {"budget_total": "" if profile.budget_total is None else
              f"{profile.budget_total.amount:f} {profile.budget_total.currency}"}
    return values | {f"rate_{c}": f"{rates[c].per_usd}" if c in rates else "" for c in currencies}


def trip_from_form(values: dict[str, Any], base: Trip, order: str, programs: set[str],
                   today: date | None = None) -> Trip:
    """A trip: a name, a city, arrival and departure (departure not before arrival), the
    programs it combines, and its visa steps (those done, such as the DS-160, not in the
    future: only the interview and the visa's end may be ahead)."""
    check = ErrorCollector()
    result = dataclasses.replace(base, extra=dict(base.extra))
    result.name = str(values.get("name", "")).strip()
    if not result.name:
        check.add("name", "Name", "is required")
    result.city = str(values.get("city", "")).strip()
    result.notes = str(values.get("notes", "")).strip()
    result.arrival = check("arrival", lambda: parse_date(str(values.get("arrival", "")), order, "Arrival"))
    result.departure = check("departure", lambda: parse_date(str(values.get("departure", "")), order,
                                                             "Departure"))
    if result.arrival and result.departure and result.departure < result.arrival:
        check.add("departure", "Departure", "is before the arrival")
    if (result.arrival is None) != (result.departure is None) and not ("arrival" in check
                                                                       or "departure" in check):
        missing = "departure" if result.departure is None else "arrival"
        check.add(missing, missing.title(), "is needed with the other date")
    result.visa = check("visa", lambda: parse_choice(str(values.get("visa", "") or "not set"), TRIP_VISAS,
                                                     "Visa")) or base.visa
    for key, label in VISA_DATES:
        setattr(result, key, check(key, partial(parse_date, str(values.get(key, "") or ""), order, label)))
    for key, label in VISA_DATES:
        day = getattr(result, key)
        if today is not None and day is not None and day > today and key in DONE_STEPS:
            check.add(key, label, f"{format_date(day, order)} is in the future: fill it in once it is done")
    issued, interview = result.visa_issued_on, result.visa_interview_on
    if issued and interview and issued < interview:
        check.add("visa_issued_on", "Visa issued", "is before the interview")
    if result.visa_valid_until and result.visa_issued_on and result.visa_valid_until < result.visa_issued_on:
        check.add("visa_valid_until", "Visa valid until", "is before the day it was issued")
    margin = str(values.get("visa_margin_days", "") or "").strip() or "21"
    days = check("visa_margin_days", lambda: parse_whole_number(margin, "Interview by (days before arrival)",
                                                                 0, 365))
    result.visa_margin_days = base.visa_margin_days if days is None else days
    for key, label in (("visa_fee", "Visa fee"), ("sevis_fee", "SEVIS fee")):
        typed = str(values.get(key, "") or "").strip()
        setattr(result, key, check(key, partial(parse_money_text, typed, label)) if typed else None)
    chosen = [str(p) for p in values.get("program_ids") or []]
    unknown = [p for p in chosen if p not in programs]
    if unknown:
        check.add("program_ids", "Programs", f"{counted(len(unknown), 'unknown program')}, deleted since?")
    result.program_ids = chosen
    check.done()
    return result


def trip_values(trip: Trip, order: str) -> dict[str, Any]:
    return {"name": trip.name, "city": trip.city, "arrival": format_date(trip.arrival, order),
            "departure": format_date(trip.departure, order), "notes": trip.notes,
            "program_ids": list(trip.program_ids), "visa": trip.visa,
            **{key: format_date(getattr(trip, key), order) for key, _ in VISA_DATES},
            "visa_margin_days": str(trip.visa_margin_days),
            **{key: "" if (money := getattr(trip, key)) is None else f"{money.amount:f} {money.currency}"
               for key in ("visa_fee", "sevis_fee")}}


def expense_from_form(values: dict[str, Any], base: Expense, trips: set[str],
                      programs: set[str]) -> Expense:
    """A cost line: its trip and/or program, category, amount and currency, how it recurs,
    and whether it is planned or paid."""
    check = ErrorCollector()
    result = dataclasses.replace(base, extra=dict(base.extra))

    def text(key: str) -> str:
        return str(values.get(key, "") or "").strip()

    result.trip_id = check("trip_id", lambda: _reference(text("trip_id"), trips, "Trip"))
    result.program_id = check("program_id", lambda: _reference(text("program_id"), programs, "Program"))
    result.category = check("category", lambda: parse_choice(
        text("category") or "other", EXPENSE_CATEGORIES, "Category")) or base.category
    result.recurrence = check("recurrence", lambda: parse_choice(
        text("recurrence") or "once", RECURRENCES, "Recurs")) or base.recurrence
    result.state = check("state", lambda: parse_choice(
        text("state") or "planned", EXPENSE_STATES, "Planned or paid")) or base.state
    result.description = text("description")
    result.notes = text("notes")
    amount = check("amount", lambda: parse_amount(text("amount"), "Amount", allow_blank=False))
    currency = check("currency", lambda: parse_currency(text("currency") or "USD", "Currency"))
    if not result.description and "category" not in check:
        result.description = result.category
    check.done()
    if amount is not None and currency is not None:  # (always, once no error was raised)
        result.amount = Money(amount, currency)
    return result


def expense_values(expense: Expense) -> dict[str, Any]:
    return {"trip_id": NONE if expense.trip_id is None else str(expense.trip_id),
            "program_id": NONE if expense.program_id is None else str(expense.program_id),
            "category": expense.category, "description": expense.description,
            "amount": "" if expense.id is None and not expense.amount.amount else f"{expense.amount.amount}",
            "currency": expense.amount.currency, "recurrence": expense.recurrence,
            "state": expense.state, "notes": expense.notes}


def _rate(text: str, currency: str) -> Decimal | None:
    """A rate is more than zero: "-0.9" and "0" are refused with the same words (the first was
    told amounts are "zero or more", the second that it must be more than zero)."""
    name, shown = f"1 USD in {currency}", text.strip()
    if shown.startswith("-"):
        raise FieldError(name, f"{shown!r} is negative: a rate is more than zero (e.g. 3.75)")
    value = parse_amount(text, name)
    if value is not None and value <= 0:
        raise FieldError(name, f"{shown!r} is zero: a rate is more than zero (e.g. 3.75)")
    return value


def rates_from_form(values: dict[str, str], base: Profile, today: date) -> Profile:
    """The total budget ("40000 PEN") and one rate per currency ("3.75": units per U.S.
    dollar). A changed rate is dated today; a blank one is removed."""
    check = ErrorCollector()
    result = dataclasses.replace(base, extra=dict(base.extra))
    budget = str(values.get("budget_total", "")).strip()
    result.budget_total = check("budget_total", lambda: parse_money_text(
        budget, "Total budget", base.home_currency)) if budget else None
    old = {r.currency: r for r in base.exchange_rates}
    rates: list[ExchangeRate] = []
    for key, text in values.items():
        if not key.startswith("rate_"):
            continue
        currency = key.removeprefix("rate_")
        value = check(key, partial(_rate, str(text), currency))
        if value is None:
            continue
        same = old.get(currency)
        rates.append(same if same and same.per_usd == value else ExchangeRate(currency, value, today))
    check.done()
    result.exchange_rates = sorted(rates, key=lambda r: r.currency)
    return result
