"""Programs to and from CSV: header synonyms, messy values, duplicates, and the round trip."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.conftest import DATA_DIR, TODAY
from usce_tui.core.programs.files import (
    UnreadableFile,
    match_headers,
    read_bool,
    read_checked,
    read_duration,
    read_programs,
    read_type,
    write_programs,
)
from usce_tui.core.programs.rules import materials_checklist
from usce_tui.core.records import Program
from usce_tui.store.store import Store

MESSY = DATA_DIR / "messy_programs.csv"


def comparable(program: Program) -> dict:
    """Everything a user sees of a program (the checklist instead of the raw materials dict)."""
    data = program.to_dict()
    for key in ("created", "updated", "materials"):
        data.pop(key, None)
    data["checklist"] = materials_checklist(program)
    return data


def test_round_trip_gives_back_the_same_programs(sample_store: Store) -> None:
    programs = sample_store.all(Program)
    report = read_programs(write_programs(programs), [], TODAY)
    assert report.skipped == [] and report.unused_columns == []
    assert [comparable(p) for _, p in report.added] == [comparable(p) for p in programs]


def test_round_trip_after_an_edit_and_import_of_the_same_file_adds_nothing(sample_store: Store) -> None:
    programs = sample_store.all(Program)
    text = write_programs(programs)
    again = read_programs(text, programs, TODAY)
    assert again.added == []
    assert len(again.skipped) == len(programs)
    assert all("the same as in your programs" in reason for _, reason in again.skipped)


@pytest.mark.parametrize("headers, expected", [
    (["Program", "Institution", "Cost", "URL"], {"name", "institution", "fee_text", "website"}),
    (["PROGRAM NAME", "hospital", "Fee", "Website"], {"name", "institution", "fee_text", "website"}),
    (["Name", "Type", "Specialty", "City", "State"], {"name", "type", "specialty", "city", "state"}),
    (["Application deadline", "Contact", "Email", "Duration", "Requirements", "Notes", "Name"],
     {"deadline", "contact_name", "contact_email", "duration", "requirements", "notes", "name"}),
    (["Name", "Eligibility", "Deadline"], {"name", "eligibility", "deadline"}),
    (["Program Name", "Requirements", "Eligibility", "ECFMG Required", "Visa Support", "Source Checked"],
     {"name", "requirements", "eligibility", "ecfmg_required", "visa_support", "source_checked"}),
    # seen in a newcomer's sheet: every row's type had to be mapped by hand
    (["Rotation", "Type of rotation", "Hospital"], {"name", "type", "institution"}),
    (["Program", "Rotation type"], {"name", "type"}),
])
def test_header_synonyms(headers: list[str], expected: set[str]) -> None:
    used, unused = match_headers(headers)
    assert set(used) == expected and unused == []


def test_unknown_and_repeated_columns_are_reported() -> None:
    used, unused = match_headers(["Name", "Favourite colour", "Cost", "Fee", ""])
    assert used == {"name": 0, "fee_text": 2}
    assert unused == ["Favourite colour", "Fee", "column 5"]


@pytest.mark.parametrize("text, kind, review", [
    ("OBSERVERSHIP", "observership", False), ("Visiting students", "clerkship/elective", False),
    ("Externship", "externship", False), ("Elective", "clerkship/elective", False),
    ("Research fellow", "research", False), ("", "other", False), ("Safari", "other", True),
])
def test_read_type(text: str, kind: str, review: bool) -> None:
    got, reason = read_type(text)
    assert got == kind and (reason is not None) == review


@pytest.mark.parametrize("text, weeks, high, review", [
    ("4 weeks", 4, None, False), ("1 month", 4, None, False), ("4", 4, None, False),
    ("2-4 weeks", 2, 4, False), ("4-12 weeks", 4, 12, False), ("6 to 8 wks", 6, 8, False),
    ("Up to 12 weeks", None, 12, False), ("1-2 months", 4, 8, False),
    # prose is no number and nothing to review: it is kept as written
    ("Variable (clerkships)", None, None, False), ("Flexible", None, None, False),
    ("a while", None, None, False), ("", None, None, False),
    ("300 weeks", None, None, True), ("0 weeks", None, None, True), ("8-4 weeks", None, None, True),
])
def test_read_duration(text: str, weeks: int | None, high: int | None, review: bool) -> None:
    got, up_to, reason = read_duration(text)
    assert (got, up_to) == (weeks, high) and (reason is not None) == review


@pytest.mark.parametrize("text, value, review", [
    ("Yes", True, False), ("y", True, False), ("Yes (J-1)", True, False), ("No", False, False),
    ("N", False, False), ("Unknown", None, False), ("Not stated", None, False), ("", None, False),
    ("Sometimes", None, True),
])
def test_read_bool_reads_yes_no_columns_as_directories_write_them(text, value, review) -> None:
    got, reason = read_bool(text)
    assert got is value and (reason is not None) == review


@pytest.mark.parametrize("text, day", [
    ("2026-10-14 09:31:00", "2026-10-14"), ("2026-10-14T09:31:00Z", "2026-10-14"),
    ("10/14/2026", "2026-10-14"), ("2026-10-14", "2026-10-14"), ("14/10/2026", "2026-10-14"),
])
def test_a_source_checked_timestamp_is_its_day(text: str, day: str) -> None:
    assert read_checked(text, "DMY") == (date.fromisoformat(day), None)


def test_messy_csv_is_read_without_guessing() -> None:
    report = read_programs(MESSY.read_text(encoding="utf-8"), [], TODAY, "DMY", MESSY.name)
    by_name = {p.name: p for _, p in report.added}
    assert sorted(by_name) == ["Cardiology Observership", "FM Externship", "IM Observership", "Peds",
                               "Research", "Surgery Elective"]
    # row 7 repeats row 2 and leaves the rest blank: nothing new, so it is skipped
    assert report.skipped == [(7, "im observership: the same as row 2"), (8, "no program name")]
    assert report.unused_columns == ["Favourite colour"]
    assert report.blank_rows == 1
    im = by_name["IM Observership"]
    assert (im.type, im.city, im.state, im.contact_email) == ("observership", "Springfield", "IL",
                                                              "im@example.org")
    assert str(im.fee) == "500.00 USD" and im.fee_text == "$500 non-refundable processing fee"
    assert im.deadline_kind == "rolling" and not im.needs_review
    assert im.history[0].status == "researching" and im.history[0].on == TODAY
    assert "messy_programs.csv" in im.history[0].note
    surgery = by_name["Surgery Elective"]
    assert not surgery.needs_review  # a range is a range: low and high kept
    assert (surgery.fee.amount, surgery.fee_high) == (Decimal(500), Decimal(1500))
    assert surgery.requirements == ["enrolled_student", "vslo"]
    assert surgery.deadline_kind == "lead time" and surgery.deadline_text == "Apply 4-6 months ahead"
    peds = by_name["Peds"]
    assert peds.deadline_kind == "unknown" and peds.deadline_text == "31/02/2027"
    assert "is not a real date" in peds.review_notes
    assert peds.fee is not None and peds.fee.amount == 0
    fm = by_name["FM Externship"]
    assert str(fm.fee) == "5,000.00 USD" and fm.fee_period == "per month"
    assert fm.contact_email == "" and "fm@example" in fm.review_notes
    assert "Email as written: fm@example" in fm.notes  # kept where clearing the review keeps it
    assert fm.deadline_text == "Applications April 1 - June 30 only" and fm.deadline_kind == "unknown"
    assert (fm.duration_weeks, fm.duration_max_weeks, fm.duration_text) == (2, 4, "2-4 weeks")
    research = by_name["Research"]
    assert not research.needs_review and research.eligibility_text == "something odd"
    cardio = by_name["Cardiology Observership"]
    assert cardio.deadline_kind == "date" and cardio.deadline.isoformat() == "2027-03-15"
    assert {row for row, _ in report.review} == {5, 6}  # an impossible date, an email without a domain
    lines = report.lines()
    assert lines[0] == "added 6, skipped 2, possible duplicates 0, needs review 2"
    assert "skipped row 8: no program name" in lines


def test_dates_follow_the_profile_date_order() -> None:
    text = "Name,Deadline\nA,03/04/2027\n"
    assert read_programs(text, [], TODAY, "DMY").added[0][1].deadline.isoformat() == "2027-04-03"
    assert read_programs(text, [], TODAY, "MDY").added[0][1].deadline.isoformat() == "2027-03-04"


def test_semicolon_separated_file_from_european_excel() -> None:
    report = read_programs("Programa;Cost;Name\n\ufeffx;$100;Alpha\n", [], TODAY)
    assert report.added[0][1].name == "Alpha" and report.unused_columns == ["Programa"]


@pytest.mark.parametrize("text, message", [
    ("", "is empty"),
    ("Colour,Size\nred,big\n", "no column with the program name"),
    ("Name\x00\x01", "not a CSV text file"),
])
def test_unreadable_files(text: str, message: str) -> None:
    with pytest.raises(UnreadableFile, match=message):
        read_programs(text, [], TODAY)
