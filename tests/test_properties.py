"""Property tests: what the app shows a user it can read back, and records survive the codec."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from usce_tui.models import Money, Program, format_date, parse_amount, parse_date

dates = st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31))


@given(dates, st.sampled_from(["DMY", "MDY"]))
def test_a_shown_date_reads_back_as_the_same_date(day: date, order: str) -> None:
    assert parse_date(format_date(day, order), order) == day


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_a_typed_amount_is_kept_exactly(amount: Decimal) -> None:
    assert parse_amount(f"{amount:,.2f}") == amount


@given(st.text(), st.decimals(min_value=0, max_value=10**7, places=2), st.lists(dates, max_size=4))
def test_program_codec_round_trip(name: str, fee: Decimal, starts: list[date]) -> None:
    program = Program(name=name, fee=Money(fee, "USD"), start_dates=starts)
    assert Program.from_dict(program.to_dict()) == program
