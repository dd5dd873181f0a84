"""Property tests: what the app shows a user it can read back, and records survive the codec."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from usce_tui.core.parse import format_date, parse_amount, parse_date
from usce_tui.core.programs.files import (
    read_program_rows,
    read_programs,
    write_programs,
    write_programs_workbook,
)
from usce_tui.core.records import REQUIREMENTS, VISA_TYPES, Program
from usce_tui.core.sheets import read_sheet
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
       high=st.none() | st.decimals(min_value=0, max_value=10**6, places=2),
       weeks=st.none() | st.tuples(st.integers(1, 52), st.none() | st.integers(1, 52)),
       kind=st.sampled_from(["date", "rolling", "unknown"]), deadline=dates, checked=st.none() | dates,
       eligibility_text=_cell_text, visas=st.lists(st.sampled_from(VISA_TYPES), unique=True),
       requirements=st.lists(st.sampled_from(REQUIREMENTS), unique=True),
       workbook=st.booleans())
@settings(deadline=None)  # the first workbook loads openpyxl: slow once, and the machine is shared
def test_any_program_survives_export_and_import_as_csv_or_workbook(
        name, institution, city, notes, fee_text, fee, high, weeks, kind, deadline, checked,
        eligibility_text, visas, requirements, workbook) -> None:
    low, up_to = weeks or (None, None)
    if low is not None and up_to is not None and up_to <= low:
        up_to = None
    program = Program(name=name, institution=institution, city=city,
                      notes=f"{notes}\nsecond line".strip(),
                      fee_text=fee_text, fee=None if fee is None else Money(fee, "EUR"),
                      fee_high=None if fee is None or high is None or high <= fee else high,
                      duration_weeks=low, duration_max_weeks=up_to, source_checked=checked,
                      eligibility_text=eligibility_text, visas=[v for v in VISA_TYPES if v in visas],
                      deadline_kind=kind, deadline=deadline if kind == "date" else None,
                      requirements=[r for r in REQUIREMENTS if r in requirements],
                      history=[StatusChange("researching", date(2026, 1, 2))])
    if "graduated_within" in program.requirements:
        program.graduated_within_years = 5
    if workbook:
        report = read_program_rows(read_sheet(write_programs_workbook([program]))[0], [], date(2026, 11, 24))
    else:
        report = read_programs(write_programs([program]), [], date(2026, 11, 24))
    (row, back), = report.added  # nothing lost, nothing more
    assert row == 2 and not back.needs_review
    back.id, back.materials, program.materials = None, {}, {}
    assert back == program  # amounts compare as numbers: a workbook holds 1500.5 for 1500.50


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
