"""The program form's validation, the status pipeline, the checklist, and the table's rows."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest

from tests.conftest import TODAY
from usce_tui.core.parse import FormErrors
from usce_tui.core.programs.form import program_from_form, program_values
from usce_tui.core.programs.rules import (
    change_status,
    in_target_specialty,
    materials_checklist,
    materials_needed,
)
from usce_tui.core.programs.view import ProgramFilter, build_rows, order
from usce_tui.core.records import Profile, Program
from usce_tui.core.values import Money, StatusChange

GOOD = {"name": "Cardiology Observership", "fee_amount": "1,500", "fee_currency": "usd",
        "deadline_kind": "date", "deadline": "03/04/2027", "start_dates": "01/06/2027, 01/05/2027",
        "requirements": ["step1", "english"], "status": "researching", "type": "observership",
        "website": "heart.example.org", "contact_email": "gme@heart.example.org"}


def test_a_valid_form_gives_a_program_with_its_first_status_step() -> None:
    program = program_from_form(GOOD, Program(), "DMY", TODAY)
    assert program.fee == Money(Decimal("1500"), "USD")
    assert program.deadline == date(2027, 4, 3)
    assert program.start_dates == [date(2027, 5, 1), date(2027, 6, 1)]
    assert program.website == "https://heart.example.org"
    assert program.history == [StatusChange("researching", TODAY)]
    assert "english_proof" in program.materials and program.materials["english_proof"] is False


def test_dates_follow_the_date_order() -> None:
    assert program_from_form(GOOD, Program(), "MDY", TODAY).deadline == date(2027, 3, 4)


@pytest.mark.parametrize("field, value, words", [
    ("name", "  ", "Name: is required"),
    ("fee_amount", "-20", "negative"),
    ("fee_amount", "abc", "is not an amount"),
    ("fee_currency", "dollars", "is not a currency code"),
    ("deadline", "31/02/2027", "is not a real date"),
    ("deadline", "", "is needed when the deadline kind is date"),
    ("start_dates", "01/06/2027, soon", "is not a date"),
    ("website", "not a site", "is not a web address"),
    ("contact_email", "gme@", "is not an email address"),
    ("duration_weeks", "0", "not a number of weeks from 1 to 104, or a range such as 2-4"),
    ("type", "safari", "is not one of"),
])
def test_each_bad_field_is_named(field: str, value: str, words: str) -> None:
    with pytest.raises(FormErrors) as info:
        program_from_form({**GOOD, field: value}, Program(), "DMY", TODAY)
    assert list(info.value.errors) == [field]
    assert words in str(info.value.errors[field])


def test_fields_that_depend_on_each_other() -> None:
    values = {**GOOD, "deadline_kind": "lead time", "deadline_text": "as soon as possible",
              "requirements": ["graduated_within"]}
    with pytest.raises(FormErrors) as info:
        program_from_form(values, Program(), "DMY", TODAY)
    assert set(info.value.errors) == {"deadline_text", "graduated_within_years"}
    fixed = {**values, "deadline_text": "apply 3-6 months ahead", "graduated_within_years": "5"}
    assert program_from_form(fixed, Program(), "DMY", TODAY).graduated_within_years == 5


def test_a_deadline_date_typed_with_the_kind_left_unknown_is_kept() -> None:
    """Seen: Deadline date 15/01/2027 with the kind left at "unknown" was dropped, and the
    program flagged "no deadline is known"."""
    program = program_from_form({**GOOD, "deadline_kind": "unknown", "deadline": "15/01/2027"},
                                Program(), "DMY", TODAY)
    assert (program.deadline_kind, program.deadline) == ("date", date(2027, 1, 15))


def test_form_values_round_trip() -> None:
    program = program_from_form(GOOD, Program(), "DMY", TODAY)
    program.id = 7
    again = program_from_form(program_values(program, "DMY"), program, "DMY", TODAY)
    assert again == program


def test_status_change_is_dated_and_kept_in_history() -> None:
    program = program_from_form(GOOD, Program(), "DMY", date(2026, 10, 1))
    later = program_from_form({**program_values(program, "DMY"), "status": "applied"}, program,
                              "DMY", TODAY)
    assert [(h.status, h.on) for h in later.history] == [("researching", date(2026, 10, 1)),
                                                        ("applied", TODAY)]
    assert program.history == [StatusChange("researching", date(2026, 10, 1))]  # base untouched
    assert not change_status(later, "applied", TODAY)


@pytest.mark.parametrize("requirements, expected", [
    ([], ["cv", "personal_statement", "transcript"]),
    (["step1", "ecfmg"], ["cv", "personal_statement", "transcript", "usmle_transcript",
                          "ecfmg_status_report"]),
    (["immunizations", "malpractice", "vslo"],
     ["cv", "personal_statement", "transcript", "mspe", "immunization_records", "health_forms",
      "malpractice_proof"]),
])
def test_checklist_is_prefilled_from_requirements(requirements: list[str], expected: list[str]) -> None:
    assert materials_needed(Program(requirements=requirements)) == expected


def test_checklist_shows_done_and_missing() -> None:
    program = Program(requirements=["english"], materials={"cv": True, "background_check": False})
    checklist = materials_checklist(program)
    assert ("cv", "CV", True) in checklist
    assert ("english_proof", "English proof", False) in checklist
    assert ("background_check", "Background check", False) in checklist


def test_specialty_alignment_ignores_case() -> None:
    profile = Profile(target_specialties=["Internal Medicine"])
    assert in_target_specialty(Program(specialty="internal medicine "), profile)
    assert not in_target_specialty(Program(specialty="Surgery"), profile)


def _programs() -> list[Program]:
    base = Program(website="https://x.example.org", supervisor="Dr. Example", deadline_kind="rolling")
    return [
        dataclasses.replace(base, id=1, name="Alpha Clerkship", type="clerkship/elective",
                            specialty="Surgery", city="Austin", fee=Money(Decimal(900), "USD")),
        dataclasses.replace(base, id=2, name="Beta Observership", type="observership",
                            specialty="Internal Medicine", notes="ask about housing",
                            deadline_kind="date", deadline=date(2026, 12, 10), requirements=["step1"]),
        dataclasses.replace(base, id=3, name="Gamma Research", type="research", specialty="Psychiatry",
                            supervisor="", deadline_kind="date", deadline=date(2027, 3, 1)),
    ]


PROFILE = Profile(target_specialties=["Internal Medicine"], step1_status="passed",
                  step1_date=date(2025, 1, 1), graduation_date=date(2024, 6, 1))


@pytest.mark.parametrize("wanted, names", [
    (ProgramFilter(), ["Beta Observership", "Gamma Research", "Alpha Clerkship"]),
    (ProgramFilter(text="housing"), ["Beta Observership"]),
    (ProgramFilter(text="AUSTIN alpha"), ["Alpha Clerkship"]),
    (ProgramFilter(type="research"), ["Gamma Research"]),
    (ProgramFilter(specialty="surgery"), ["Alpha Clerkship"]),
    (ProgramFilter(show="flags"), ["Gamma Research"]),
    (ProgramFilter(show="due30"), ["Beta Observership"]),
    (ProgramFilter(show="due90"), ["Beta Observership"]),
    (ProgramFilter(show="target"), ["Beta Observership"]),
    (ProgramFilter(show="eligible"), ["Beta Observership", "Gamma Research", "Alpha Clerkship"]),
    (ProgramFilter(status="applied"), []),
])
def test_filters(wanted: ProgramFilter, names: list[str]) -> None:
    rows = build_rows(_programs(), PROFILE, TODAY)
    assert [r.program.name for r in wanted.apply(order(rows), TODAY)] == names


@pytest.mark.parametrize("column, descending, names", [
    (0, False, ["Alpha Clerkship", "Beta Observership", "Gamma Research"]),
    (0, True, ["Gamma Research", "Beta Observership", "Alpha Clerkship"]),
    (4, False, ["Alpha Clerkship", "Beta Observership", "Gamma Research"]),  # blanks last
    (4, True, ["Alpha Clerkship", "Beta Observership", "Gamma Research"]),
    (5, True, ["Gamma Research", "Beta Observership", "Alpha Clerkship"]),
    (8, True, ["Gamma Research", "Alpha Clerkship", "Beta Observership"]),
])
def test_sorting(column: int, descending: bool, names: list[str]) -> None:
    rows = build_rows(_programs(), PROFILE, TODAY)
    assert [r.program.name for r in ProgramFilter().apply(order(rows, column, descending), TODAY)] == names


def test_row_cells_show_what_the_user_needs() -> None:
    beta = build_rows(_programs(), PROFILE, TODAY)[1]
    assert beta.cells == ("Beta Observership", "observer", "★ Internal Medicine", "", "",
                          "10/12/2026 !", "researching", "✔ yes", "")  # ! preparation late
    gamma = build_rows(_programs(), PROFILE, TODAY)[2]
    assert gamma.cells[-1] == "⚑1" and gamma.flags[0][0] == "no supervisor"


def test_typing_more_narrows_the_previous_result_and_nothing_else_does() -> None:
    assert ProgramFilter(text="Med").narrows(ProgramFilter(text="me"))
    assert ProgramFilter(text="med s").narrows(ProgramFilter(text="med"))
    assert not ProgramFilter(text="me").narrows(ProgramFilter(text="med"))
    assert not ProgramFilter(text="med", type="research").narrows(ProgramFilter(text="me"))
    assert not ProgramFilter(text="med").narrows(None)


def test_cost_sorts_by_cost_per_week_and_status_by_the_pipeline() -> None:
    """Defects: 1,200 USD a week ranked below 1,500 once; status sorted alphabetically."""
    from usce_tui.core.values import Money

    programs = [
        Program(id=1, name="Weekly", fee=Money(Decimal(1200), "USD"), fee_period="per week",
                status="applied"),
        Program(id=2, name="Once", fee=Money(Decimal(1500), "USD"), duration_weeks=4,
                status="researching"),
        Program(id=3, name="Monthly", fee=Money(Decimal(3000), "USD"), fee_period="per month",
                status="accepted"),
        Program(id=4, name="Unknown", status="interview"),
    ]
    rows = build_rows(programs, PROFILE, TODAY)
    by_cost = [r.program.name for r in order(rows, 4)]
    assert by_cost == ["Once", "Monthly", "Weekly", "Unknown"]  # 375, 692 and 1,200 a week
    by_status = [r.program.status for r in order(rows, 6)]
    assert by_status == ["researching", "applied", "interview", "accepted"]


@pytest.mark.parametrize("typed", ["sao", "SAO joao", "são", "clinica"])
def test_the_filter_finds_names_whatever_their_accents(typed: str) -> None:
    """Seen by a newcomer: "sao" found nothing though "São Paulo" was there."""
    programs = [Program(id="1", name="Hôpital São João Observership", city="São Paulo"),
                Program(id="2", name="Clínica Ñ Externship", city="Lima"),
                Program(id="3", name="Boston Clerkship", city="Boston")]
    rows = ProgramFilter(text=typed).apply(build_rows(programs, PROFILE, TODAY), TODAY)
    assert [r.program.id for r in rows] == (["2"] if typed == "clinica" else ["1"])


def test_clearing_the_review_notes_clears_the_needs_review_mark() -> None:
    """Seen by a newcomer: after fixing an imported program and emptying its review notes, the
    "?" stayed (the tick that clears it is the form's last line, below the notes)."""
    imported = Program(name="Pediatrics Clinical Rotation", needs_review=True,
                       review_notes="Cost: '1.200' can be read two ways")
    values = program_values(imported, "DMY")
    assert program_from_form(values, imported, "DMY", TODAY).needs_review  # nothing cleared yet
    values["review_notes"] = ""
    assert not program_from_form(values, imported, "DMY", TODAY).needs_review
    unflagged = dataclasses.replace(imported, review_notes="")  # ticked by hand, no notes
    assert program_from_form(program_values(unflagged, "DMY"), unflagged, "DMY", TODAY).needs_review
