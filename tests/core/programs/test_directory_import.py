"""Issue 14: the lists IMGs really keep, read whole. Two fictional files written blind (by a
helper that never saw the reader) in the shapes real directories and IMGs' own sheets use, each
with an answers file saying which rows are truly ambiguous, which programs share a name but are
distinct, which are closed to a graduated IMG and which ask for a faculty sponsor."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from tests.conftest import DATA_DIR, TODAY
from usce_tui.core.programs.eligibility_text import is_prose, read_eligibility
from usce_tui.core.programs.files import read_programs, write_programs
from usce_tui.core.programs.rules import NEVER, eligibility
from usce_tui.core.records import Profile, Program

FILES = ("directory_programs", "img_sheet_holdout")
GRADUATE = Profile(graduation_date=date(2024, 6, 1), step1_status="passed", step2ck_status="passed",
                   ecfmg_status="certified", english_test="exempt")


def _read(name: str) -> tuple[dict[int, Program], dict, object]:
    report = read_programs((DATA_DIR / f"{name}.csv").read_text(encoding="utf-8"), [], TODAY)
    answers = json.loads((DATA_DIR / f"{name}.answers.json").read_text(encoding="utf-8"))
    return {row - 1: p for row, p in report.added}, answers, report  # answers count data rows from 1


@pytest.mark.parametrize("name", FILES)
def test_every_row_is_kept_and_only_the_truly_ambiguous_need_review(name: str) -> None:
    rows, answers, report = _read(name)
    lines = (DATA_DIR / f"{name}.csv").read_text(encoding="utf-8")
    assert len(rows) == max(rows) and not report.skipped  # every distinct program kept
    flagged = {row for row, p in rows.items() if p.needs_review}
    assert flagged == set(answers["ambiguous_rows"])
    assert len(flagged) <= len(rows) // 10
    assert report.unused_columns == [] and "\ufffd" not in lines


@pytest.mark.parametrize("name", FILES)
def test_programs_of_one_name_that_differ_are_added_as_possible_duplicates(name: str) -> None:
    rows, answers, report = _read(name)
    for first, second in answers["duplicate_pairs"]:
        assert rows[second].duplicate_of == rows[first].id
        assert rows[first].duplicate_of is None
    assert len(report.duplicates) == len(answers["duplicate_pairs"])
    assert all("same name, institution and city" in why for _, _, why in report.duplicates)


@pytest.mark.parametrize("name", FILES)
def test_programs_closed_to_a_graduated_img_show_as_not_eligible_with_the_reason(name: str) -> None:
    rows, answers, _ = _read(name)
    closed = {row for row, p in rows.items()
              if any(c.state == NEVER for c in eligibility(p, GRADUATE, TODAY).checks)}
    assert closed == set(answers["closed_to_graduate_imgs"])
    for row in closed:
        verdict = eligibility(rows[row], GRADUATE, TODAY)
        assert verdict.verdict == "not eligible"
        assert any("only" in c.reason for c in verdict.checks if c.state == NEVER)


@pytest.mark.parametrize("name", FILES)
def test_a_faculty_sponsor_to_find_is_recognised_and_flagged(name: str) -> None:
    rows, answers, _ = _read(name)
    assert {r for r, p in rows.items() if "faculty_sponsor" in p.requirements} == \
        set(answers["faculty_sponsor_rows"])


def test_visa_types_after_a_bar_are_read() -> None:
    rows, answers, _ = _read("directory_programs")
    spelled = {"J1": "J-1", "F1": "F-1", "H1B": "H-1B", "B1/B2": "B1/B2"}
    for row, visas in answers["visa_rows"].items():
        assert sorted(rows[int(row)].visas) == sorted(spelled[v] for v in visas)


def test_every_original_text_is_kept_and_survives_the_export() -> None:
    rows, _, _ = _read("directory_programs")
    again = read_programs(write_programs(rows.values()), [], TODAY)
    assert [(p.fee_text, p.deadline_text, p.duration_text, p.eligibility_text) for _, p in again.added] \
        == [(p.fee_text, p.deadline_text, p.duration_text, p.eligibility_text) for p in rows.values()]
    assert again.duplicates == [] or all(p.duplicate_of for _, p, _ in again.duplicates)


@pytest.mark.parametrize("text, keys, visas, unchecked", [
    ("MD/MBBS, USMLE Step 1 & 2 CK, ECFMG certification", ["step1", "step2ck", "ecfmg"], [], []),
    ("USMLE scores; health clearance; health insurance; malpractice insurance",
     ["immunizations", "health_insurance", "malpractice"], [], []),
    ("faculty sponsor, CV, personal statement", ["faculty_sponsor"], [], []),
    ("faculty host required; strong CV; faculty reference", ["faculty_sponsor"], [], []),
    ("physician sponsor at Lakeview General, CV", ["faculty_sponsor"], [], []),
    ("MD/MBBS, USMLE Step 1 | Visa: B1/B2", ["step1"], ["B1/B2"], []),
    ("CV; personal statement | Visa: B1/B2, J1", [], ["B1/B2", "J-1"], []),
    ("Final-year students only; VSLO", ["enrolled_student", "vslo"], [], []),
    ("Graduated within 5 years", ["graduated_within"], [], []),
    ("Spanish fluency, Step 2 CK", ["step2ck"], [], ["Spanish fluency"]),  # kept, not a review item
])
def test_requirement_phrases(text: str, keys: list[str], visas: list[str], unchecked: list[str]) -> None:
    read = read_eligibility(text)
    assert (read.requirements, read.visas, read.unchecked) == (keys, visas, unchecked)


@pytest.mark.parametrize("text, keys", [
    ("Must be in good academic standing at an approved medical school. Must have completed all core "
     "clinical clerkships, including medicine, surgery and pediatrics.", ["enrolled_student"]),
    ("Currently pursuing a medical degree at an LCME accredited institution",
     ["us_school_only", "enrolled_student"]),
    ("Are a U.S. Citizen, Permanent Resident, or DACA recipient enrolled in an accredited school.",
     ["us_citizen_only", "enrolled_student"]),
    ("International medical graduates within 3 years of graduation are welcome, with Step 1 passed.",
     ["step1", "graduated_within"]),
    ("This program is not open to international medical graduates or to students of other schools.",
     ["us_school_only"]),
    ("No need to find your own preceptor: the office pairs every observer with an attending, and "
     "IMGs of any year are accepted.", []),
])
def test_eligibility_prose_is_recognised_not_split_on_its_commas(text: str, keys: list[str]) -> None:
    read = read_eligibility(text)
    assert sorted(read.requirements) == sorted(keys) and read.unchecked == []


def test_a_list_of_phrases_is_not_prose_and_sentences_are() -> None:
    assert not is_prose("MD/MBBS, USMLE Step 1 & 2 CK, ECFMG certification, faculty sponsor")
    assert is_prose("Must be enrolled. Must have completed core clerkships.")
    assert read_eligibility("Open to final-year students; graduates are not eligible.").requirements == \
        ["enrolled_student"]


def test_a_range_keeps_both_ends_and_the_budget_says_which_it_counts() -> None:
    from usce_tui.core.budget.rules import fee_line

    program = read_programs("Name,Cost,Duration\nA,~$500-1000,2-4 weeks\n", [], TODAY).added[0][1]
    assert (program.fee.amount, program.fee_high) == (Decimal(500), Decimal(1000))
    assert not program.needs_review
    high = fee_line(program, None)
    low = fee_line(program, None, "low end")
    assert high.unit.amount == 1000 and "high end of 500–1,000 USD" in high.description
    assert low.unit.amount == 500 and "low end" in low.description


@pytest.mark.parametrize("header, cost, currency, review", [
    ("Cost", "1500", "USD", True),  # a currency the row does not say
    ("Cost (EUR)", "1500", "EUR", False),  # the header says it
    ("Cost", "$1500", "USD", False),
])
def test_a_cost_without_a_currency_is_a_review_item_unless_the_header_names_one(
        header: str, cost: str, currency: str, review: bool) -> None:
    program = read_programs(f"Name,{header}\nA,{cost}\n", [], TODAY).added[0][1]
    assert program.fee.currency == currency and program.needs_review == review


def test_importing_the_same_file_twice_adds_nothing_and_a_changed_row_is_a_possible_duplicate() -> None:
    text = (DATA_DIR / "directory_programs.csv").read_text(encoding="utf-8")
    first = [p for _, p in read_programs(text, [], TODAY).added]
    assert read_programs(text, first, TODAY).added == []
    changed = text.replace("Rolling Admissions", "Apply 5 months ahead", 1)
    again = read_programs(changed, first, TODAY)
    assert len(again.added) == 1 and again.added[0][1].duplicate_of in {p.id for p in first}


def test_a_row_that_only_words_cost_deadline_and_length_otherwise_is_the_same_program() -> None:
    """Seen: a program typed as "1500 USD/week, 4 weeks, 01/03/2027" came back from a sheet
    saying "$1,500 per week", "4 wks", "1 March 2027" as a possible duplicate "differing in cost,
    deadline, duration": the same program in other words. A real difference still counts."""
    header = "Program,Institution,City,Cost,Deadline,Duration\n"
    typed = read_programs(header + "Mercy IM Observership,Mercy General,Dayton,1500 USD/week,"
                          "01/03/2027,4 weeks\n", [], TODAY).added[0][1]
    again = read_programs(header + "Mercy IM Observership,Mercy General,Dayton,\"$1,500 per week\","
                          "1 March 2027,4 wks\n", [typed], TODAY)
    assert again.added == [] and again.duplicates == []
    assert "the same as" in again.skipped[0][1]
    dearer = read_programs(header + "Mercy IM Observership,Mercy General,Dayton,\"$1,800 per week\","
                           "1 March 2027,4 wks\n", [typed], TODAY)
    assert [why for _, _, why in dearer.duplicates] == [
        "same name, institution and city as 'Mercy IM Observership' in your programs; differs in cost"]


def test_words_in_a_yes_no_column_that_are_neither_are_kept_in_the_notes() -> None:
    text = "Name,Visa Support,Letter possible,ECFMG required\nA,Maybe,Sometimes,Yes\nB,B1/B2 only,No,N\n"
    first, second = (p for _, p in read_programs(text, [], TODAY).added)
    assert first.visa_support is None and first.letter_possible is None and "ecfmg" in first.requirements
    assert first.notes == "Visa support: Maybe\nLetter possible: Sometimes" and not first.needs_review
    assert second.visas == ["B1/B2"] and second.notes == "" and second.letter_possible is False


# --- a second newcomer's own list (issue 14, the fresh pair of eyes) ----------------------------
def test_headers_as_people_write_them_and_the_rest_kept_in_the_notes() -> None:
    text = ("Program,Hospital / Institution,How long,When to apply,Need ECFMG?,Visa help?,Checked on,"
            "Favourite colour\n"
            "Neuro Observership,Lakeview General (fictional),2-4 weeks,Rolling,Yes,Yes (J-1),"
            "2026-09-30,teal\n")
    report = read_programs(text, [], TODAY)
    (_, program), = report.added
    assert program.institution == "Lakeview General (fictional)" and program.duration_max_weeks == 4
    assert program.deadline_kind == "rolling" and "ecfmg" in program.requirements
    assert program.visa_support is True and program.visas == ["J-1"]
    assert program.source_checked == date(2026, 9, 30)
    assert program.notes == "Favourite colour: teal"  # a column no field reads is kept, with its header
    assert report.unused_columns == ["Favourite colour"]


def test_the_same_programs_from_a_file_without_the_institution_are_not_added_again() -> None:
    first = [p for _, p in read_programs("Program,Institution,Cost\nNeuro Observership,Lakeview,$500\n",
                                         [], TODAY).added]
    again = read_programs("Program,Cost,Email\nNeuro Observership,$500,neuro@lakeview.example.org\n",
                          first, TODAY)
    assert again.added == []
    ((_, why),) = again.skipped
    assert "the same as in your programs" in why and "email" in why and "not taken" in why


@pytest.mark.parametrize("text, keys, years", [
    ("Step 1 passed. ECFMG certification preferred but not required.", ["step1"], None),
    ("TOEFL optional, USMLE Step 1 required", ["step1"], None),
    ("Step 1 required, ECFMG optional", ["step1"], None),
    ("Are a U.S. Citizen, Permanent Resident or hold a valid visa. IMGs are welcome.", [], None),
    ("Graduates of the past 7 years", ["graduated_within"], 7),
])
def test_what_is_not_required_is_not_a_requirement(text: str, keys: list[str], years: int | None) -> None:
    read = read_eligibility(text)
    assert (read.requirements, read.graduated_within_years) == (keys, years)


def test_a_merge_notes_everything_the_other_listing_says_and_keeps_the_verdict() -> None:
    from usce_tui.core.programs.merge import merge_programs
    from usce_tui.core.values import Money

    keep = Program(id="a", name="IM Observership", type="observership",
                   contact_email="im@lakeview.example.org", requirements=["step1"],
                   fee=Money(Decimal(1500), "USD"))
    other = Program(id="b", name="IM Observership", type="externship",
                    contact_email="ext@lakeview.example.org", requirements=["step1", "step2ck", "ecfmg"],
                    visa_support=True, duration_weeks=4,
                    fee=Money(Decimal(2000), "USD"), fee_text="$2,000 per month", duplicate_of="a")
    merged = merge_programs(keep, other)
    assert merged.requirements == ["step1"]  # the verdict does not change behind the user's back
    assert merged.contact_email == "im@lakeview.example.org" and merged.duration_weeks == 4
    for said in ("Type: externship", "Email: ext@lakeview.example.org", "Fee amount: 2000",
                 "Requirements: USMLE Step 1; USMLE Step 2 CK; ECFMG certification"):
        assert said in merged.notes
    assert merged.visa_support is True and merged.duplicate_of is None


def test_programs_of_one_name_can_be_told_apart_in_every_list() -> None:
    from usce_tui.core.programs.rules import program_labels
    from usce_tui.core.programs.view import cost_cell
    from usce_tui.core.values import Money

    one = Program(id="a", name="IM Observership", type="observership", city="Chicago",
                  fee=Money(Decimal(1500), "USD"))
    two = Program(id="b", name="IM Observership", type="externship", city="Chicago")
    alone = Program(id="c", name="Neuro Elective", fee=Money(Decimal("3.75"), "EUR"))
    assert program_labels([one, two, alone]) == {
        "a": "IM Observership (observership, Chicago, 1,500 USD)",
        "b": "IM Observership (externship, Chicago)", "c": "Neuro Elective"}
    assert cost_cell(alone) == "3.75 EUR"  # was shown as 4 EUR
