"""Property tests: what the app shows a user it can read back, and records survive the codec."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from usce_tui.core.parse import format_date, parse_amount, parse_date
from usce_tui.core.programs.files import read_programs, write_programs
from usce_tui.core.records import REQUIREMENTS, Program
from usce_tui.core.values import Money, StatusChange

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


_cell_text = st.text(st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="@"),
                     max_size=30).map(str.strip)


@given(name=_cell_text.filter(bool), institution=_cell_text, city=_cell_text, notes=_cell_text,
       fee_text=_cell_text, fee=st.none() | st.decimals(min_value=0, max_value=10**6, places=2),
       kind=st.sampled_from(["date", "rolling", "unknown"]), deadline=dates,
       requirements=st.lists(st.sampled_from(["step1", "step2ck", "ecfmg", "english", "hipaa",
                                              "enrolled_student"]), unique=True))
def test_any_program_survives_csv_export_and_import(name, institution, city, notes, fee_text, fee,
                                                     kind, deadline, requirements) -> None:
    program = Program(name=name, institution=institution, city=city,
                      notes=f"{notes}\nsecond line".strip(),
                      fee_text=fee_text, fee=None if fee is None else Money(fee, "EUR"),
                      deadline_kind=kind, deadline=deadline if kind == "date" else None,
                      requirements=[r for r in REQUIREMENTS if r in requirements],
                      history=[StatusChange("researching", date(2026, 1, 2))])
    (row, back), = read_programs(write_programs([program]), [], date(2026, 11, 24)).added
    assert row == 2
    assert back.to_dict() | {"materials": None} == program.to_dict() | {"materials": None}


_HEADER = ["Program", "Institution", "Type", "Location", "Cost", "Deadline", "Eligibility", "Email",
           "Duration", "Contact", "Start dates", "Status", "Letter possible", "Graduated within",
           "History", "Website"]


@given(st.lists(st.lists(st.text(max_size=25), min_size=0, max_size=len(_HEADER) + 2), max_size=8),
       st.sampled_from(["DMY", "MDY"]))
def test_import_never_fails_on_a_bad_row(rows: list[list[str]], order: str) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(_HEADER)
    writer.writerows(rows)
    text = out.getvalue().replace("\x00", "")
    report = read_programs(text, [], date(2026, 11, 24), order)
    assert len(report.added) + len(report.skipped) + report.blank_rows == len(rows)
    for _, program in report.added:
        assert program.name and program.problems() == []
        assert not program.review_notes or program.needs_review
