"""Budget maths: cost lines multiplied out over dates, currencies converted only with the
user's own rates, trips compared with separate journeys. Pure functions, ``Decimal`` only.

A cost line comes from an ``Expense`` record, or from a program's fee (so the fee is entered
once, on the program). Funding lines count negative. An amount in a currency without a rate is
kept apart and shown on its own, never added in.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from dateutil.relativedelta import relativedelta

from usce_tui.core.parse import counted, one_or_many
from usce_tui.core.records import Expense, Program, Trip
from usce_tui.core.values import ExchangeRate, Money

CENT = Decimal("0.01")
SHARED_ONCE = frozenset({"flights", "visa/SEVIS"})  # paid again by every separate journey
COMMITTED = frozenset({"applied", "interview", "accepted", "completed"})
_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _money(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


# --- time --------------------------------------------------------------------------------
def days_between(start: date, end: date) -> int:
    """Days from arrival to departure (the nights stayed); at least 1."""
    return max((end - start).days, 1)


def _month_length(day: date) -> int:
    if day.month == 2 and (day.year % 4 == 0 and (day.year % 100 != 0 or day.year % 400 == 0)):
        return 29
    return _DAYS_IN_MONTH[day.month - 1]


def months_between(start: date, end: date) -> Decimal:
    """Whole calendar months from ``start`` to ``end``, plus the part month pro-rated by the
    length of the month it starts in (so February 2028 has 29 days)."""
    span = relativedelta(end, start)
    whole = span.years * 12 + span.months
    part_start = start + relativedelta(months=whole)
    rest = (end - part_start).days
    return Decimal(whole) + Decimal(rest) / Decimal(_month_length(part_start))


def multiplier(recurrence: str, start: date | None, end: date | None,
               days: int | None = None) -> Decimal | None:
    """How many times a line is paid between two dates (or over ``days``); None without
    dates for a recurring line."""
    if recurrence == "once":
        return Decimal(1)
    if start is not None and end is not None:
        days = days_between(start, end)
    if days is None:
        return None
    if recurrence == "per day":
        return Decimal(days)
    if recurrence == "per week":
        return Decimal(days) / 7
    if start is not None and end is not None:
        return months_between(start, end)
    # a program's length in weeks, without calendar dates: a month of rotation is a block of
    # four weeks (a newcomer's 4-week program at 1,200 USD per month was counted 1,104.66)
    return Decimal(days) / 28


# --- lines -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Line:
    """One cost as the budget counts it: the unit amount, how often, and the result."""

    category: str
    description: str
    unit: Money | None  # None: a program fee written only as text ("needs an amount")
    recurrence: str
    count: Decimal | None  # None: a recurring line with no dates to multiply over
    state: str
    trip_id: str | None = None
    program_id: str | None = None
    expense_id: str | None = None  # None for a fee taken from the program record

    @cached_property
    def total(self) -> Money | None:
        """The line's amount in its own currency (negative for funding), or None (worked out
        once: the planned, paid and overall sums each read it)."""
        return self.scaled(self.count)

    def scaled(self, count: Decimal | None) -> Money | None:
        """The unit amount times ``count`` (negative for funding), or None."""
        if self.unit is None or count is None:
            return None
        sign = -1 if self.category == "funding" else 1
        return Money(_money(self.unit.amount * count * sign), self.unit.currency)

    @property
    def problem(self) -> str:
        if self.unit is None:
            return "needs an amount"
        if self.count is None:
            return "needs dates (add it to a trip, or give the program a duration)"
        return ""


def program_weeks(program: Program, range_end: str = "high end") -> int | None:
    """A program's length in weeks; of a range ("2-4 weeks"), the end the profile chose for
    ranges, as for a fee (the low end was counted whatever the choice: a weekly fee for 2-4
    weeks was budgeted for 2)."""
    if range_end == "high end" and program.duration_max_weeks:
        return program.duration_max_weeks
    return program.duration_weeks


def _program_days(program: Program | None, range_end: str = "high end") -> int | None:
    weeks = program_weeks(program, range_end) if program else None
    return weeks * 7 if weeks else None


def expense_line(expense: Expense, trip: Trip | None, program: Program | None,
                 range_end: str = "high end") -> Line:
    """A stored cost line, multiplied out over its trip's dates (or its program's length)."""
    if trip is not None and trip.arrival and trip.departure:
        count = multiplier(expense.recurrence, trip.arrival, trip.departure)
    else:
        count = multiplier(expense.recurrence, None, None, _program_days(program, range_end))
    return Line(expense.category, expense.description, expense.amount, expense.recurrence, count,
                expense.state, expense.trip_id, expense.program_id, expense.id)


def fee_line(program: Program, trip: Trip | None, range_end: str = "high end") -> Line:
    """A program's fee from its record, over the program's length; of a range ("$500-1,000"),
    the end the profile chose, and the line says which."""
    recurrence = {"once": "once", "per week": "per week", "per month": "per month"}[program.fee_period]
    count = multiplier(recurrence, None, None, _program_days(program, range_end))
    unit, said = program.fee, f"{program.name} (from the program)"
    if recurrence != "once" and program.duration_max_weeks and program.duration_weeks:
        said = (f"{program.name} (from the program, {program_weeks(program, range_end)} weeks: "
                f"{range_end} of {program.duration_weeks}–{program.duration_max_weeks})")
    if unit is not None and program.fee_high is not None:  # which end first: it is what is counted
        said = f"{range_end} of {unit.amount:,.0f}–{program.fee_high:,.0f} {unit.currency}: {program.name}"
        unit = Money(program.fee_high, unit.currency) if range_end == "high end" else unit
    return Line("program fee", said, unit, recurrence, count, "planned", trip.id if trip else None,
                program.id)


def visa_lines(trip: Trip) -> list[Line]:
    """The visa fee (paid once the trip says so) and the SEVIS fee of a trip, as its costs."""
    out = []
    if trip.visa_fee is not None:
        kind = f"{trip.visa} " if trip.visa not in ("not set", "other", "none needed") else ""
        out.append(Line("visa/SEVIS", f"{kind}visa fee (from the trip)", trip.visa_fee, "once",
                        Decimal(1), "actual" if trip.visa_fee_paid_on else "planned", trip.id))
    if trip.sevis_fee is not None:
        out.append(Line("visa/SEVIS", "SEVIS fee (from the trip)", trip.sevis_fee, "once", Decimal(1),
                        "planned", trip.id))
    return out


def budget_lines(expenses: Iterable[Expense], trips: Sequence[Trip],
                 programs: Sequence[Program], range_end: str = "high end") -> list[Line]:
    """Every line the budget counts.

    Program fees come from the program record for programs that are part of a trip, or that
    are applied for or later, or that have costs of their own; a "program fee" cost recorded for
    a program, planned or paid, replaces its record's fee (a planned one had been added on top:
    a newcomer's 3,200 USD was counted beside the record's 4,000).
    """
    by_trip = {t.id: t for t in trips}
    by_program = {p.id: p for p in programs}
    expenses = list(expenses)
    lines = [expense_line(e, by_trip.get(e.trip_id), by_program.get(e.program_id), range_end)
             for e in expenses]
    lines += [line for trip in trips for line in visa_lines(trip)]
    trip_of = {pid: t for t in trips for pid in t.program_ids}
    paid = {e.program_id for e in expenses if e.category == "program fee"}  # planned or paid
    with_costs = {e.program_id for e in expenses}
    for program in programs:
        in_play = program.id in trip_of or program.status in COMMITTED or program.id in with_costs
        if not in_play or program.id in paid:
            continue
        if program.fee is None and not program.fee_text:
            continue  # nothing known about a fee
        lines.append(fee_line(program, trip_of.get(program.id) if program.id is not None else None,
                              range_end))
    return lines


# --- currencies --------------------------------------------------------------------------
def rate_table(rates: Iterable[ExchangeRate]) -> dict[str, Decimal]:
    """Units of each currency per U.S. dollar (USD itself is 1); the newest rate wins."""
    table = {"USD": Decimal(1)}
    for rate in sorted(rates, key=lambda r: r.on):
        if rate.per_usd > 0:
            table[rate.currency] = rate.per_usd
    return table


def convert(money: Money, to: str, rates: dict[str, Decimal]) -> Money | None:
    """``money`` in currency ``to``, or None when either currency has no rate."""
    if money.currency == to:
        return money
    if money.currency not in rates or to not in rates:
        return None
    return Money(_money(money.amount / rates[money.currency] * rates[to]), to)


@dataclass
class Total:
    """A sum in one currency, with what could not be converted kept apart by currency."""

    currency: str
    amount: Decimal = Decimal(0)
    apart: dict[str, Decimal] = field(default_factory=dict)
    needs_amount: int = 0

    def add(self, money: Money | None, rates: dict[str, Decimal]) -> None:
        if money is None:
            self.needs_amount += 1
            return
        converted = convert(money, self.currency, rates)
        if converted is None:
            self.apart[money.currency] = self.apart.get(money.currency, Decimal(0)) + money.amount
        else:
            self.amount += converted.amount

    def describe(self, notes: bool = True) -> str:
        """"1,234.00 PEN + 50.00 EUR (no rate)" and a note of lines without an amount."""
        text = f"{self.amount:,.2f} {self.currency}"
        for currency, amount in sorted(self.apart.items()):
            text += f" + {amount:,.2f} {currency} (no rate)"
        if self.needs_amount and notes:
            need = one_or_many(self.needs_amount, "needs", "need")
            text += f" · {counted(self.needs_amount, 'line')} {need} an amount"
        return text


    def describe_left(self) -> str:
        """What is left of a budget: "615.00 USD, not counting 20.00 EUR (no rate) and 1 cost
        without an amount" (a cost that could not be converted is not taken off)."""
        uncounted = [f"{amount:,.2f} {currency} (no rate)" for currency, amount in sorted(self.apart.items())]
        if self.needs_amount:
            uncounted.append(f"{self.needs_amount} cost{'s' if self.needs_amount > 1 else ''} "
                             "without an amount")
        text = f"{self.amount:,.2f} {self.currency}"
        return text + (", not counting " + " and ".join(uncounted) if uncounted else "")


def total(lines: Iterable[Line], currency: str, rates: dict[str, Decimal],
          state: str | None = None) -> Total:
    """The sum of the lines (optionally only planned or only actual) in ``currency``."""
    result = Total(currency)
    for line in lines:
        if state is None or line.state == state:
            result.add(line.total, rates)
    return result


@dataclass(frozen=True)
class Overview:
    """Planned, paid, everything, and what is left of the user's budget, in one currency."""

    planned: Total
    actual: Total
    everything: Total
    remaining: Total | None


def overview(lines: Sequence[Line], currency: str, rates: dict[str, Decimal],
             budget: Money | None) -> Overview:
    everything = total(lines, currency, rates)
    remaining = None
    if budget is not None:
        limit = convert(budget, currency, rates)
        if limit is not None:
            remaining = Total(currency, limit.amount - everything.amount, dict(everything.apart),
                              everything.needs_amount)
    return Overview(total(lines, currency, rates, "planned"), total(lines, currency, rates, "actual"),
                    everything, remaining)


def by_category(lines: Iterable[Line], currency: str,
                rates: dict[str, Decimal]) -> dict[str, tuple[Decimal, Decimal]]:
    """(planned, actual) per category in ``currency``; lines without a rate are left out."""
    out: dict[str, tuple[Decimal, Decimal]] = {}
    for line in lines:
        money = line.total
        converted = convert(money, currency, rates) if money else None
        if converted is None:
            continue
        planned, actual = out.get(line.category, (Decimal(0), Decimal(0)))
        if line.state == "actual":
            actual += converted.amount
        else:
            planned += converted.amount
        out[line.category] = (planned, actual)
    return out


# --- trips -------------------------------------------------------------------------------
def clinical_weeks(programs: Iterable[Program], range_end: str = "high end") -> int:
    """Weeks of clinical experience the programs give (those with a known length)."""
    return sum(program_weeks(p, range_end) or 0 for p in programs)


def per_unit(amount: Decimal, units: int | Decimal) -> Decimal | None:
    """Cost per week or per letter; None when there is nothing to divide by."""
    return _money(amount / units) if units else None


@dataclass(frozen=True)
class Comparison:
    """A combined trip against the same programs as separate journeys."""

    combined: Total
    separate: Total

    @property
    def saving(self) -> Decimal:
        return self.separate.amount - self.combined.amount


def compare_separate(trip: Trip, lines: Sequence[Line], programs: Sequence[Program],
                     currency: str, rates: dict[str, Decimal],
                     range_end: str = "high end") -> Comparison | None:
    """What the trip's programs would cost as separate trips: each journey pays the flights
    and visa lines again, and the day-to-day lines over its own program's length (or an
    equal share of the trip). None for a trip with fewer than two programs or no dates."""
    members = [p for p in programs if p.id in trip.program_ids]
    if len(members) < 2 or not (trip.arrival and trip.departure):
        return None
    own = [line for line in lines if line.trip_id == trip.id]
    separate = Total(currency)
    share = days_between(trip.arrival, trip.departure) // len(members)
    for line in own:
        if line.program_id is not None or (line.recurrence == "once"
                                           and line.category not in SHARED_ONCE):
            separate.add(line.total, rates)  # belongs to one program, or paid once anyway
            continue
        for program in members:
            if line.recurrence == "once":
                separate.add(line.total, rates)
            else:
                days = _program_days(program, range_end) or share
                separate.add(line.scaled(multiplier(line.recurrence, None, None, days)), rates)
    return Comparison(total(own, currency, rates), separate)


@dataclass(frozen=True)
class TripFigures:
    """What a row of the trips table shows: the total, per week of clinical time, per possible
    letter, and the saving against separate journeys (for a trip of two or more programs)."""

    total: Total
    per_week: Decimal | None
    per_letter: Decimal | None
    comparison: Comparison | None


def trip_weeks(members: Sequence[Program], trip: Trip | None, range_end: str = "high end") -> int | Decimal:
    """The weeks of clinical time of ``members``, no more than ``trip`` lasts: programs that
    overlap give no more weeks than the trip (two 4-week programs in a trip of 32 days are not
    8 weeks: a newcomer's cost a week came out near half)."""
    weeks: int | Decimal = clinical_weeks(members, range_end)
    if trip is not None and trip.arrival and trip.departure and weeks:
        weeks = min(Decimal(weeks), Decimal(days_between(trip.arrival, trip.departure)) / 7)
    return weeks


def longer_than_trip(trip: Trip, programs: Sequence[Program], range_end: str = "high end") -> list[Program]:
    """The programs on ``trip`` that last longer than it (a 21-day trip holding a 4-week program:
    its dates are worth a second look)."""
    if trip.arrival is None or trip.departure is None:
        return []
    days = days_between(trip.arrival, trip.departure)
    return [p for p in programs if p.id in trip.program_ids
            and (weeks := program_weeks(p, range_end)) and weeks * 7 > days]


def weeks_in_play(trips: Sequence[Trip], programs: Sequence[Program],
                  range_end: str = "high end") -> int | Decimal:
    """The weeks of every program counted: each trip's as ``trip_weeks``, then the programs on no
    trip (the "All costs" row had added every program's weeks, past the trips' lengths)."""
    on_a_trip = {pid for trip in trips for pid in trip.program_ids}
    weeks: int | Decimal = sum((trip_weeks([p for p in programs if p.id in trip.program_ids], trip, range_end)
                                for trip in trips), Decimal(0))
    return weeks + clinical_weeks([p for p in programs if p.id not in on_a_trip], range_end)


def trip_figures(lines: Sequence[Line], members: Sequence[Program], currency: str,
                 rates: dict[str, Decimal], trip: Trip | None = None,
                 every_line: Sequence[Line] = (), programs: Sequence[Program] = (),
                 range_end: str = "high end", weeks: int | Decimal | None = None) -> TripFigures:
    """The figures of ``lines`` (a trip's, or any group of costs) over the programs ``members``;
    with ``trip``, the comparison of that trip with separate journeys. ``weeks``: the weeks of
    clinical time when the caller knows better than ``trip_weeks`` (``weeks_in_play``)."""
    everything = total(lines, currency, rates)
    letters = sum(p.letter_possible is True for p in members)
    comparison = compare_separate(trip, every_line, programs, currency, rates, range_end) if trip else None
    if weeks is None:
        weeks = trip_weeks(members, trip, range_end)
    return TripFigures(everything, per_unit(everything.amount, weeks),
                       per_unit(everything.amount, letters), comparison)


def programs_in_play(lines: Iterable[Line], trips: Iterable[Trip],
                     programs: Iterable[Program]) -> list[Program]:
    """The programs the budget counts: those with a cost line or on a trip."""
    ids = {line.program_id for line in lines} | {p for t in trips for p in t.program_ids}
    return [p for p in programs if p.id in ids]


def detach_costs(trip: Trip, expenses: Iterable[Expense]) -> list[tuple[Expense, Expense]]:
    """(changed, original) for each cost of ``trip``: deleting a trip keeps its costs, as
    costs not in a trip, and undo puts the originals back."""
    return [(dataclasses.replace(e, trip_id=None), e) for e in expenses if e.trip_id == trip.id]


# --- the chart ---------------------------------------------------------------------------
def bar_chart(rows: dict[str, tuple[Decimal, Decimal]], width: int = 40) -> list[tuple[str, str, str]]:
    """(label, bar, figure) per category, longest first: ``█`` paid, ``░`` planned, scaled so
    the largest category fills ``width`` cells. Funding (negative) is left out."""
    costs = {k: v for k, v in rows.items() if v[0] + v[1] > 0}
    if not costs:
        return []
    largest = max(p + a for p, a in costs.values())
    out = []
    for label, (planned, actual) in sorted(costs.items(), key=lambda kv: -(kv[1][0] + kv[1][1])):
        paid_cells = round(actual / largest * width)
        all_cells = max(round((planned + actual) / largest * width), 1)
        bar = "█" * paid_cells + "░" * max(all_cells - paid_cells, 0)
        out.append((label, bar, f"{planned + actual:,.0f}"))
    return out


@dataclass(frozen=True)
class ProgramCost:
    """One program's share of a trip: its own costs and fee plus a share of the trip's shared
    costs by weeks (equal shares when a length is unknown)."""

    program: Program
    total: Decimal
    per_week: Decimal | None
    per_letter: Decimal | None


def program_costs(trip: Trip, lines: Sequence[Line], programs: Sequence[Program], currency: str,
                  rates: dict[str, Decimal], range_end: str = "high end") -> list[ProgramCost]:
    members = [p for p in programs if p.id in trip.program_ids]
    if not members:
        return []
    own = [line for line in lines if line.trip_id == trip.id]
    shared = total([line for line in own if line.program_id not in {p.id for p in members}],
                   currency, rates).amount
    weeks = [program_weeks(p, range_end) or 0 for p in members]
    out = []
    for program, week_count in zip(members, weeks, strict=True):
        part = (Decimal(week_count) / sum(weeks)) if all(weeks) else Decimal(1) / len(members)
        cost = total([line for line in own if line.program_id == program.id], currency, rates).amount
        amount = _money(cost + shared * part)
        out.append(ProgramCost(program, amount, per_unit(amount, week_count),
                               per_unit(amount, 1) if program.letter_possible else None))
    return out
