"""Budget maths: recurrence over dates, conversion only with rates, funding, combining trips,
cost per week and per letter, and the chart."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from usce_tui.core.budget.rules import (
    Line,
    Total,
    bar_chart,
    budget_lines,
    by_category,
    clinical_weeks,
    compare_separate,
    convert,
    months_between,
    multiplier,
    overview,
    per_unit,
    program_costs,
    rate_table,
    total,
    trip_figures,
    weeks_in_play,
)
from usce_tui.core.records import Expense, Program, Trip
from usce_tui.core.values import ExchangeRate, Money

D = Decimal


@pytest.mark.parametrize("recurrence, start, end, expected", [
    ("once", date(2027, 3, 1), date(2027, 3, 31), D(1)),
    ("per day", date(2027, 3, 22), date(2027, 4, 23), D(32)),
    ("per day", date(2027, 5, 1), date(2027, 5, 1), D(1)),  # a same-day trip counts one day
    ("per week", date(2027, 3, 1), date(2027, 3, 29), D(4)),
    ("per week", date(2027, 3, 1), date(2027, 3, 11), D(10) / 7),
    ("per month", date(2027, 1, 15), date(2027, 3, 15), D(2)),  # crossing two month ends
    ("per month", date(2027, 1, 31), date(2027, 2, 28), D(1)),  # month end to month end
    ("per month", date(2028, 2, 1), date(2028, 3, 1), D(1)),  # February of a leap year
    ("per month", date(2028, 2, 15), date(2028, 3, 1), D(15) / 29),  # part of a leap February
    ("per month", date(2027, 2, 15), date(2027, 3, 1), D(14) / 28),
    ("per month", date(2027, 3, 22), date(2027, 4, 23), 1 + D(1) / 30),
    ("per month", date(2026, 12, 20), date(2027, 2, 5), 1 + D(16) / 31),  # across a new year
])
def test_recurrence_over_dates(recurrence: str, start: date, end: date, expected: Decimal) -> None:
    assert multiplier(recurrence, start, end) == expected


@pytest.mark.parametrize("recurrence, days, expected", [
    ("per day", 28, D(28)), ("per week", 28, D(4)), ("per day", None, None),
    # a month of rotation is a four-week block (a 4-week program at 1,200 a month was 1,104.66)
    ("per month", 28, D(1)), ("per month", 42, D("1.5")),
])
def test_recurrence_over_a_program_length(recurrence: str, days: int | None, expected) -> None:
    assert multiplier(recurrence, None, None, days) == expected


def test_months_between_whole_years() -> None:
    assert months_between(date(2027, 1, 1), date(2028, 1, 1)) == 12


RATES = rate_table([ExchangeRate("PEN", D("3.75"), date(2026, 11, 1)),
                    ExchangeRate("INR", D("83"), date(2026, 10, 1)),
                    ExchangeRate("INR", D("84"), date(2026, 11, 1))])


@pytest.mark.parametrize("money, to, expected", [
    (Money(D("100"), "USD"), "PEN", Money(D("375.00"), "PEN")),
    (Money(D("375"), "PEN"), "USD", Money(D("100.00"), "USD")),
    (Money(D("840"), "INR"), "PEN", Money(D("37.50"), "PEN")),  # through the dollar; newest INR rate
    (Money(D("10"), "EUR"), "PEN", None),  # no rate: never guessed
    (Money(D("10"), "EUR"), "EUR", Money(D("10"), "EUR")),
])
def test_conversion_only_with_rates(money: Money, to: str, expected: Money | None) -> None:
    assert convert(money, to, RATES) == expected


TRIP = Trip(id=1, name="Two rotations", arrival=date(2027, 3, 1), departure=date(2027, 3, 29),
            program_ids=[1, 2])
PROGRAMS = [
    Program(id=1, name="A", duration_weeks=2, fee=Money(D("1000"), "USD"), letter_possible=True),
    Program(id=2, name="B", duration_weeks=2, fee=None, fee_text="No fee; covers own costs",
            letter_possible=False),
    Program(id=3, name="Idea only", fee=Money(D("9999"), "USD")),  # researching, not in a trip
]
EXPENSES = [
    Expense(id=1, trip_id=1, category="flights", amount=Money(D("1200"), "USD")),
    Expense(id=2, trip_id=1, category="housing", amount=Money(D("100"), "USD"), recurrence="per week"),
    Expense(id=3, trip_id=1, category="visa/SEVIS", amount=Money(D("185"), "USD"), state="actual"),
    Expense(id=4, category="funding", amount=Money(D("750"), "PEN")),
    Expense(id=5, trip_id=1, category="other", amount=Money(D("20"), "EUR")),
]


def test_lines_take_fees_from_programs_and_never_count_text_as_zero() -> None:
    lines = budget_lines(EXPENSES, [TRIP], PROGRAMS)
    fees = [line for line in lines if line.expense_id is None]
    assert [(f.program_id, f.total) for f in fees] == [(1, Money(D("1000.00"), "USD")), (2, None)]
    assert fees[1].problem == "needs an amount"
    assert all(line.program_id != 3 for line in lines)


@pytest.mark.parametrize("state", ["actual", "planned"])
def test_a_program_fee_cost_replaces_the_record_fee(state: str) -> None:
    """Seen by a newcomer: a planned program fee of 3,200 USD was counted on top of the record's
    4,000; recorded, planned or paid, it stands for the fee."""
    paid = Expense(id=9, trip_id=1, program_id=1, category="program fee", state=state,
                   amount=Money(D("950"), "USD"))
    lines = budget_lines([*EXPENSES, paid], [TRIP], PROGRAMS)
    assert [line.total for line in lines if line.program_id == 1] == [Money(D("950.00"), "USD")]


def test_totals_funding_and_currencies_without_a_rate_kept_apart() -> None:
    lines = budget_lines(EXPENSES, [TRIP], PROGRAMS)
    result = total(lines, "USD", RATES)
    # 1200 + 400 + 185 + 1000 (fee) - 200 (750 PEN funding) = 2585; 20 EUR has no rate
    assert result.amount == D("2585.00")
    assert result.apart == {"EUR": D("20.00")}
    assert result.needs_amount == 1
    assert result.describe() == "2,585.00 USD + 20.00 EUR (no rate) · 1 line needs an amount"
    figures = overview(lines, "USD", RATES, Money(D("12000"), "PEN"))
    assert figures.actual.amount == D("185.00")
    assert figures.planned.amount == D("2400.00")
    assert figures.remaining is not None and figures.remaining.amount == D("615.00")


def test_what_is_left_never_reads_as_adding_a_cost_it_could_not_convert() -> None:
    """Seen: "Left of your budget 4,110,024.00 NGN + 97.14 EUR (no rate)" added a cost with
    no rate to what is left; it is a cost not counted, and it says so."""
    lines = budget_lines(EXPENSES, [TRIP], PROGRAMS)
    remaining = overview(lines, "USD", RATES, Money(D("12000"), "PEN")).remaining
    assert remaining is not None
    assert remaining.describe_left() == ("615.00 USD, not counting 20.00 EUR (no rate) "
                                         "and 1 cost without an amount")
    assert Total("USD", D("5")).describe_left() == "5.00 USD"


def test_remaining_needs_a_rate_for_the_budget_currency() -> None:
    lines = budget_lines(EXPENSES, [TRIP], PROGRAMS)
    assert overview(lines, "USD", RATES, Money(D("100"), "EUR")).remaining is None


def test_combining_two_rotations_saves_a_flight_and_a_visa() -> None:
    lines = budget_lines(EXPENSES, [TRIP], PROGRAMS)
    comparison = compare_separate(TRIP, lines, PROGRAMS, "USD", RATES)
    assert comparison is not None
    # combined: 1200 + 400 + 185 + 1000 = 2785; separately each journey pays its own flight
    # and visa, housing over each program's 2 weeks (200 + 200) and the fee once
    assert comparison.combined.amount == D("2785.00")
    assert comparison.separate.amount == D("1200") * 2 + D("185") * 2 + D("400") + D("1000")
    assert comparison.saving == D("1385.00")
    assert compare_separate(Trip(id=5, program_ids=[1]), lines, PROGRAMS, "USD", RATES) is None


def test_cost_per_week_and_per_letter() -> None:
    lines = budget_lines(EXPENSES, [TRIP], PROGRAMS)
    shares = program_costs(TRIP, lines, PROGRAMS, "USD", RATES)
    assert [(s.program.name, s.total) for s in shares] == [("A", D("1892.50")), ("B", D("892.50"))]
    assert shares[0].per_week == D("946.25") and shares[0].per_letter == D("1892.50")
    assert shares[1].per_letter is None
    assert per_unit(D("100"), 0) is None and per_unit(D("100"), 3) == D("33.33")


def test_chart_scales_to_the_largest_category_and_shows_paid_part() -> None:
    rows = by_category(budget_lines(EXPENSES, [TRIP], PROGRAMS), "USD", RATES)
    chart = bar_chart(rows, width=10)
    assert chart[0] == ("flights", "░" * 10, "1,200")
    assert ("visa/SEVIS", "██", "185") in chart
    assert all(label != "funding" for label, _, _ in chart)
    assert bar_chart({}) == []


def test_total_describe_without_notes() -> None:
    assert Total("USD", D("5"), needs_amount=2).describe(notes=False) == "5.00 USD"


def test_export_budget_csv_has_every_line_with_converted_amounts(sample_path, tmp_path) -> None:
    import csv

    from usce_tui.cli import main

    out_file = tmp_path / "budget.csv"
    assert main(["export", "budget", "-o", str(out_file), "--db", str(sample_path)]) == 0
    rows = list(csv.DictReader(out_file.read_text(encoding="utf-8-sig").splitlines()))
    assert len(rows) == 19  # 14 cost lines and 5 program fees taken from the programs
    flight = next(r for r in rows if r["Description"] == "Lima - Chicago return")
    assert (flight["Trip"], flight["Amount"], flight["Currency"], flight["Total in PEN"],
            flight["Total in USD"]) == ("Chicago spring rotations", "1450", "USD", "5437.50", "1450.00")
    fee = next(r for r in rows if r["Problem"])
    assert (fee["From"], fee["Problem"], fee["Total in PEN"]) == ("program record", "needs an amount", "")
    grant = next(r for r in rows if r["Category"] == "funding")
    assert grant["Line total"] == "-2000.00"


def test_a_trip_s_visa_fee_in_the_csv_comes_from_the_trip() -> None:
    """Seen by a newcomer: the trip's visa fee was labelled "From: program record"."""
    import csv

    from usce_tui.core.budget.files import write_budget
    from usce_tui.core.budget.rules import budget_lines

    trip = Trip(id="t1", name="Boston", visa="B1/B2", visa_fee=Money(D("185"), "USD"))
    text = write_budget(budget_lines([], [trip], []), [trip], [], "USD", {})
    (row,) = list(csv.DictReader(text.splitlines()))
    assert (row["Trip"], row["From"]) == ("Boston", "trip record")


@pytest.mark.parametrize("end, weeks", [("high end", 4), ("low end", 2)])
def test_a_length_range_counts_the_end_the_profile_chose_as_a_fee_range_does(end: str, weeks: int) -> None:
    """Newcomer: 1,200 USD a week for "2-4 weeks" was budgeted for 2 weeks with the profile set to
    count the high end of ranges: the fee, the program's own costs, its weeks of clinical time
    and its share of a trip follow the chosen end, and the line says which."""
    program = Program(id="p", name="Surgery Externship", status="applied", duration_weeks=2,
                      duration_max_weeks=4, fee=Money(Decimal("1200"), "USD"), fee_period="per week")
    housing = Expense(id="h", program_id="p", category="housing", amount=Money(Decimal("100"), "USD"),
                      recurrence="per week")
    lines = budget_lines([housing], [], [program], end)
    fee = next(line for line in lines if line.category == "program fee")
    assert fee.total == Money(Decimal(1200 * weeks), "USD")
    assert f"{weeks} weeks: {end} of 2–4" in fee.description
    own = next(line for line in lines if line.category == "housing")
    assert own.total == Money(Decimal(100 * weeks), "USD")
    assert clinical_weeks([program], end) == weeks
    trip = Trip(id="t", name="Spring", program_ids=["p"])
    (share,) = program_costs(trip, [replace(line, trip_id="t") for line in lines], [program], "USD", {}, end)
    assert share.per_week == Decimal(1300)


def test_overlapping_programs_give_no_more_weeks_than_the_trip_lasts() -> None:
    """Seen by a newcomer: two 4-week programs in a trip of 28 days made the cost a week half of
    what the stay costs a week (8 weeks counted)."""
    from usce_tui.core.budget.rules import expense_line, trip_figures

    first = Program(id="p1", name="Medicine", duration_weeks=4)
    second = Program(id="p2", name="Surgery", duration_weeks=4)
    trip = Trip(id="t1", name="Spring", arrival=date(2027, 3, 1), departure=date(2027, 3, 29),
                program_ids=["p1", "p2"])
    rent = [expense_line(Expense(id="e1", trip_id="t1", category="housing", description="Room",
                                 amount=Money(Decimal(2800), "USD")), trip, None)]
    figures = trip_figures(rent, [first, second], "USD", {}, trip)
    assert figures.per_week == Decimal(700)  # 2,800 over the trip's 4 weeks, not over 8
    longer = replace(trip, departure=date(2027, 4, 26))  # 8 weeks: both programs' weeks count
    assert trip_figures(rent, [first, second], "USD", {}, longer).per_week == Decimal(350)


def test_all_costs_count_no_more_weeks_than_the_trips_last() -> None:
    """Seen by a newcomer: a trip of 63 days (9 weeks) with three programs of 4 weeks each read
    3,678 a week on its own row but 2,758 on "All costs": that row added the programs' 12 weeks.
    It counts each trip's weeks as the trip's row does, then the programs on no trip."""
    members = [Program(id=f"p{i}", name=f"P{i}", duration_weeks=2, duration_max_weeks=4) for i in range(3)]
    loose = Program(id="solo", name="Solo", duration_weeks=3)
    trip = Trip(id="t", name="Spring", arrival=date(2027, 3, 1), departure=date(2027, 5, 3),
                program_ids=[p.id for p in members])
    assert weeks_in_play([trip], [*members, loose]) == Decimal(63) / 7 + 3
    assert weeks_in_play([trip], [*members, loose], "low end") == 6 + 3  # 2 weeks each, within the trip
    lines = [Line("housing", "flat", Money(Decimal("3310"), "USD"), "once", Decimal(1), "planned", "t")]
    on_trip = trip_figures(lines, members, "USD", {"USD": Decimal(1)}, trip)
    every = trip_figures(lines, members, "USD", {"USD": Decimal(1)},
                         weeks=weeks_in_play([trip], members))
    assert on_trip.per_week == every.per_week == Decimal("367.78")


def test_export_budget_of_a_damaged_profile_or_a_dollar_home(sample_path, tmp_path, capsys) -> None:
    """Seen by a newcomer: with the profile hand-damaged, `usce export budget` fell back to
    dollars without a word and wrote "Total in USD" twice; a home currency of USD wrote it twice
    too. One column per currency, and a sentence on stderr names the damaged profile."""
    import csv

    import orjson

    from usce_tui.cli import main

    raw = orjson.loads(sample_path.read_bytes())
    raw["profile"]["1"]["home_currency"] = "Soles"
    sample_path.write_bytes(orjson.dumps(raw))
    out_file = tmp_path / "budget.csv"
    assert main(["export", "budget", "-o", str(out_file), "--db", str(sample_path)]) == 0
    header = next(csv.reader(out_file.read_text(encoding="utf-8-sig").splitlines()))
    assert header.count("Total in USD") == 1 and "Total in PEN" not in header
    assert "damaged record in profile" in capsys.readouterr().err


def test_a_trip_visa_fee_without_a_visa_type_reads_plainly() -> None:
    """Seen by a newcomer: "not set visa fee (from the trip)" when no visa type was chosen."""
    from usce_tui.core.budget.rules import visa_lines

    fee = Money(D("185"), "USD")
    plain = visa_lines(Trip(id="t", visa_fee=fee))
    assert [line.description for line in plain] == ["visa fee (from the trip)"]
    assert [line.description for line in visa_lines(Trip(id="t", visa="J-1", visa_fee=fee))] == [
        "J-1 visa fee (from the trip)"]


def test_programs_longer_than_their_trip_are_named() -> None:
    from usce_tui.core.budget.rules import longer_than_trip

    long = Program(id="a", name="A", duration_weeks=4)
    short = Program(id="b", name="B", duration_weeks=2, duration_max_weeks=3)
    trip = Trip(id="t", arrival=date(2027, 3, 1), departure=date(2027, 3, 22), program_ids=["a", "b"])
    assert longer_than_trip(trip, [long, short]) == [long]  # 28 days in 21; 3 weeks fit
    assert longer_than_trip(Trip(id="t", program_ids=["a"]), [long]) == []  # no dates: nothing to say
