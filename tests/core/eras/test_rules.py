"""Issue 18: ERAS's limits as ERAS counts them, the draft a rotation gives, the story bank and
the interview questions (pure functions, fictional records)."""

from __future__ import annotations

from datetime import date

import pytest

from usce_tui.core.eras.form import experience_from_form, experience_values, question_from_form
from usce_tui.core.eras.rules import (
    COMMON_QUESTIONS,
    OTHER,
    all_questions,
    count_problems,
    draft_from_program,
    eras_length,
    limit_problems,
    linked_stories,
    material,
    programs_to_draft,
    refuse_marking,
    stories,
    story_bank,
    themes_of,
    to_finish,
    unlinked_from,
)
from usce_tui.core.parse import FormErrors
from usce_tui.core.records import Experience, JournalEntry, Letter, Program, Question, Trip

TODAY = date(2026, 11, 24)


@pytest.mark.parametrize(("text", "length"), [
    ("", 0),
    ("Led rounds.", 11),
    ("  padded at both ends \n\n", 19),  # the ends are not sent
    ("one\ntwo", 8),  # a line break is sent as CR LF: two
    ("one\r\ntwo", 8),  # the same, typed on Windows
    ("café", 4),  # an accent is one character
    ("ok 👍", 5),  # an emoji is two UTF-16 units
])
def test_length_as_eras_counts_it(text: str, length: int) -> None:
    assert eras_length(text) == length


def _values(**changes: object) -> dict[str, object]:
    values = experience_values(Experience(title="Clinical Observer", organization="Prairie Health Clinic "
                                          "(fictional)"), "DMY")
    values.update(changes)
    return values


@pytest.mark.parametrize(("key", "limit"), [("description", 750), ("reflection", 300)])
def test_exactly_the_limit_is_accepted_and_one_more_refused(key: str, limit: int) -> None:
    extra = {"meaningful": True} if key == "reflection" else {}
    saved = experience_from_form(_values(**{key: "x" * limit}, **extra), Experience(), "DMY", set())
    assert eras_length(getattr(saved, key)) == limit
    with pytest.raises(FormErrors) as refused:
        experience_from_form(_values(**{key: "x" * (limit + 1)}, **extra), Experience(), "DMY", set())
    assert list(refused.value.errors) == [key]
    assert f"is {limit + 1} characters as ERAS counts them; ERAS takes {limit} (cut 1)" \
        in str(refused.value.errors[key])


def test_a_line_break_counts_two_so_a_text_that_looks_short_enough_is_refused() -> None:
    text = "x" * 374 + "\n" + "x" * 375  # 750 characters in Python, 751 as ERAS counts
    with pytest.raises(FormErrors) as refused:
        experience_from_form(_values(description=text), Experience(), "DMY", set())
    assert "751 characters" in str(refused.value.errors["description"])


def test_every_bad_field_is_named_at_once() -> None:
    values = _values(title="", organization=" ", start="31/02/2026", end="01/01/2020",
                     kind="Hobby", meaningful=True, selected=False, program_id="gone")
    with pytest.raises(FormErrors) as refused:
        experience_from_form(values, Experience(), "DMY", {"a-program"})
    assert set(refused.value.errors) == {"title", "organization", "start", "kind", "selected", "program_id"}


def test_the_counts_refuse_an_eleventh_selected_and_a_fourth_most_meaningful() -> None:
    ten = [Experience(id=str(n), title=f"E{n}", selected=True, meaningful=n < 3) for n in range(10)]
    eleventh = Experience(title="New", selected=True)
    assert "at most 10 selected" in (refuse_marking(ten, eleventh) or "")
    assert refuse_marking(ten, Experience(title="New", selected=False)) is None
    # editing one of the ten keeps it within the count
    assert refuse_marking(ten, Experience(id="5", title="E5", selected=True)) is None
    fourth = Experience(id="7", title="E7", selected=True, meaningful=True)
    assert "at most 3 most meaningful" in (refuse_marking(ten, fourth) or "")
    assert refuse_marking(ten, Experience(id="1", title="E1", selected=True, meaningful=True)) is None
    assert count_problems(ten) == []
    assert count_problems([*ten, eleventh]) == ["11 experiences are selected; ERAS takes 10"]


def test_limit_problems_name_the_text_and_its_length() -> None:
    over = Experience(description="y" * 751, reflection="z" * 301, meaningful=True, selected=False)
    assert limit_problems(over) == [
        "description is 751 characters; ERAS takes 750",
        "reflection is 301 characters; ERAS takes 300",
        "is marked most meaningful but not selected (the three come from the ten)",
    ]
    assert limit_problems(Experience(description="y" * 750, reflection="z" * 300)) == []


# -- the draft a rotation gives ------------------------------------------------------------------
RESEARCH = Program(id="p-research", name="Psychiatry Research Assistant", type="research",
                   specialty="Psychiatry", institution="Hillcrest Behavioral Research Center (fictional)",
                   city="Seattle", state="WA", status="completed", supervisor="Dr. Omar Haddad")
OBSERVERSHIP = Program(id="p-obs", name="Family Medicine Observership", type="observership",
                       specialty="Family Medicine", institution="Prairie Health Clinic (fictional)",
                       city="Omaha", state="NE", status="accepted", start_dates=[date(2027, 1, 23)],
                       duration_weeks=4)


def test_a_completed_research_rotation_drafts_its_experience_from_its_journal() -> None:
    journal = [JournalEntry(id="j2", date=date(2026, 9, 8), program_id="p-research"),
               JournalEntry(id="j1", date=date(2026, 8, 19), program_id="p-research"),
               JournalEntry(id="j3", date=date(2026, 10, 1), program_id="elsewhere")]
    draft = draft_from_program(RESEARCH, journal=journal)
    assert (draft.program_id, draft.title, draft.organization) == (
        "p-research", "Research Assistant, Psychiatry", "Hillcrest Behavioral Research Center (fictional)")
    assert (draft.start, draft.end) == (date(2026, 8, 19), date(2026, 9, 8))
    assert (draft.kind, draft.frequency, draft.location, draft.supervisor) == (
        "Research", "Weekly", "Seattle, WA, USA", "Dr. Omar Haddad")
    assert draft.description == "" and draft.reflection == ""  # the user's to write
    assert draft.selected and not draft.meaningful


def test_an_accepted_observership_drafts_from_its_trip_or_its_start_and_length() -> None:
    letters = [Letter(writer_name="Dr. Tom Becker", program_id="p-obs")]
    no_supervisor = Program(**{**OBSERVERSHIP.__dict__, "supervisor": ""})
    draft = draft_from_program(no_supervisor, letters)
    assert draft.title == "Clinical Observer, Family Medicine"
    assert draft.kind == "Education/training" and draft.frequency == "Daily"
    assert draft.supervisor == "Dr. Tom Becker"  # the writer of a letter from that rotation
    assert (draft.start, draft.end) == (date(2027, 1, 23), date(2027, 2, 19))  # four weeks
    trip = Trip(name="Omaha", arrival=date(2027, 1, 20), departure=date(2027, 2, 22), program_ids=["p-obs"])
    assert (draft_from_program(OBSERVERSHIP, trips=[trip]).start,
            draft_from_program(OBSERVERSHIP, trips=[trip]).end) == (date(2027, 1, 20), date(2027, 2, 22))
    # its length not known: four weeks, as Programs counts it (no end had read "01/2027–now"
    # for a rotation still ahead; seen by a newcomer)
    unknown = Program(**{**OBSERVERSHIP.__dict__, "duration_weeks": None, "duration_max_weeks": None})
    assert (draft_from_program(unknown).start, draft_from_program(unknown).end) == (
        date(2027, 1, 23), date(2027, 2, 19))


def test_an_entry_written_before_a_rotation_starts_does_not_date_its_draft() -> None:
    """Seen by a newcomer: an accepted rotation starting in three months, with one journal entry
    written today about it, was drafted as done today (start and end today, selected)."""
    preparing = [JournalEntry(id="j0", date=date(2026, 11, 29), program_id="p-obs")]
    draft = draft_from_program(OBSERVERSHIP, journal=preparing)
    assert (draft.start, draft.end) == (date(2027, 1, 23), date(2027, 2, 19))  # as planned
    during = [*preparing, JournalEntry(id="j1", date=date(2027, 1, 25), program_id="p-obs"),
              JournalEntry(id="j2", date=date(2027, 2, 12), program_id="p-obs")]
    draft = draft_from_program(OBSERVERSHIP, journal=during)
    assert (draft.start, draft.end) == (date(2027, 1, 25), date(2027, 2, 12))  # as written there


def test_only_completed_or_accepted_rotations_without_an_experience_wait_for_a_draft() -> None:
    applied = Program(id="p-applied", name="Applied", status="applied")
    waiting = programs_to_draft([RESEARCH, OBSERVERSHIP, applied],
                                [Experience(program_id="p-research", title="done")])
    assert [p.id for p in waiting] == ["p-obs"]


def test_the_material_is_the_rotations_starred_entries_oldest_first() -> None:
    entries = [JournalEntry(id="b", date=date(2026, 9, 2), program_id="p-research", starred=True),
               JournalEntry(id="a", date=date(2026, 8, 20), program_id="p-research", starred=True),
               JournalEntry(id="c", date=date(2026, 8, 21), program_id="p-research", starred=False),
               JournalEntry(id="d", date=date(2026, 8, 22), program_id="p-obs", starred=True)]
    assert [e.id for e in material(Experience(program_id="p-research"), entries)] == ["a", "b"]
    assert material(Experience(program_id=None), entries) == []


# -- the story bank and the questions -------------------------------------------------------------
@pytest.mark.parametrize(("entry", "themes"), [
    (JournalEntry(tags=["case", "pharmacology"]), ["A case"]),
    (JournalEntry(tags=["feedback"]), ["Feedback"]),
    (JournalEntry(tags=["communication"]), ["A cultural or communication lesson"]),
    (JournalEntry(tags=["research", "teamwork"]), ["Teamwork", "Research"]),
    # the template's prompts count only when something is written under them
    (JournalEntry(body="## Feedback I received\nSpeak up earlier.\n\n## A case (no names)\n\n"),
     ["Feedback"]),
    (JournalEntry(body="## What will I do differently?\nCheck the allergy list first."), ["A mistake"]),
    (JournalEntry(title="Quiet day", tags=["weather"]), [OTHER]),
])
def test_themes_come_from_tags_and_the_prompts_answered(entry: JournalEntry, themes: list[str]) -> None:
    assert themes_of(entry) == themes


def test_stories_carry_rotation_date_and_the_writer_who_saw_them() -> None:
    journal = [JournalEntry(id="s1", date=date(2026, 9, 1), program_id="p-research", starred=True,
                            title="A case that taught me", tags=["case"]),
               JournalEntry(id="s2", date=date(2026, 8, 27), program_id="p-obs", starred=True,
                            title="Feedback session", tags=["feedback"]),
               JournalEntry(id="n", date=date(2026, 8, 28), program_id="p-obs", starred=False)]
    letters = [Letter(writer_name="Dr. Tom Becker", program_id="p-obs"),
               Letter(writer_name="Dr. Gone", program_id="p-research", status="declined")]
    found = stories(journal, [RESEARCH, OBSERVERSHIP], letters)
    assert [(s.entry.id, s.rotation, s.witness) for s in found] == [
        ("s2", "Family Medicine Observership", "Dr. Tom Becker"),  # oldest first
        ("s1", "Psychiatry Research Assistant", "Dr. Omar Haddad"),  # the supervisor, not a declined writer
    ]
    assert [(theme, [s.entry.id for s in items]) for theme, items in story_bank(found)] == [
        ("A case", ["s1"]), ("Feedback", ["s2"])]
    question = Question(text="How do you handle feedback or mistakes?", stories=["s2", "deleted", "s1"])
    assert [s.entry.id for s in linked_stories(question, found)] == ["s2", "s1"]


def test_the_common_questions_are_offered_until_saved() -> None:
    saved = [Question(id="q1", text="why this specialty?")]
    listed = all_questions(saved)
    assert listed[0] is saved[0]
    assert [q.text for q in listed[1:]] == [t for t in COMMON_QUESTIONS if t != "Why this specialty?"]
    assert all(q.id is None for q in listed[1:])
    for text in ("Describe a challenging clinical situation.", "How do you handle feedback or mistakes?",
                 "Why do you want to train in the United States?"):
        assert text in COMMON_QUESTIONS


def test_a_deleted_story_is_unlinked_from_its_questions() -> None:
    linked = Question(id="q", text="Q", stories=["a", "b"])
    other = Question(id="r", text="R", stories=["c"])
    assert unlinked_from("a", [linked, other]) == [(Question(id="q", text="Q", stories=["b"]), linked)]


def test_the_question_form_refuses_a_future_practice_day() -> None:
    with pytest.raises(FormErrors) as refused:
        question_from_form({"text": "", "practised": "25/11/2026"}, Question(), "DMY", TODAY)
    assert set(refused.value.errors) == {"text", "practised"}
    saved = question_from_form({"text": "Why the U.S.?", "practised": "24/11/2026", "stories": ["a"]},
                               Question(), "DMY", TODAY)
    assert (saved.text, saved.practised, saved.stories) == ("Why the U.S.?", TODAY, ["a"])


def test_the_apps_own_question_keeps_its_words() -> None:
    """Seen by a newcomer: " Keep it to two minutes." added to "Tell me about yourself." saved a
    question of their own and the app's came back beside it (10 questions became 11)."""
    own = Question(text=COMMON_QUESTIONS[0])
    with pytest.raises(FormErrors) as refused:
        question_from_form({"text": own.text + " Keep it to two minutes."}, own, "DMY", TODAY)
    assert "keeps its words" in str(refused.value.errors["text"])
    kept = question_from_form({"text": own.text, "note": "Keep it to two minutes."}, own, "DMY", TODAY)
    assert kept.text == own.text and kept.note == "Keep it to two minutes."


def test_a_link_to_an_entry_no_longer_starred_survives_saving_the_question() -> None:
    """The form lists only starred entries to tick: a link it did not list stays."""
    base = Question(id="q", text="Q", stories=["unstarred", "a", "b"])
    saved = question_from_form({"text": "Q", "stories": ["b", "c"]}, base, "DMY", TODAY,
                               offered={"a", "b", "c"})
    assert saved.stories == ["unstarred", "b", "c"]  # a was unticked; c newly ticked


@pytest.mark.parametrize(("typed", "day"), [
    ("03/2025", date(2025, 3, 1)), ("3/2025", date(2025, 3, 1)), ("2025-03", date(2025, 3, 1)),
    ("15/03/2025", date(2025, 3, 15)), ("", None),
])
def test_erass_month_and_year_are_enough(typed: str, day: date | None) -> None:
    saved = experience_from_form(_values(start=typed), Experience(), "DMY", set())
    assert saved.start == day
    shown = experience_values(saved, "DMY")["start"]
    assert shown == {"15/03/2025": "15/03/2025", "": ""}.get(typed, "03/2025")


def test_a_month_that_does_not_exist_is_refused() -> None:
    with pytest.raises(FormErrors) as refused:
        experience_from_form(_values(start="13/2025"), Experience(), "DMY", set())
    assert "there is no month 13" in str(refused.value.errors["start"])


def test_what_a_selected_experience_still_needs_for_eras() -> None:
    experiences = [Experience(id="1", title="Done", start=TODAY, description="x", selected=True),
                   Experience(id="2", title="Draft", selected=True, meaningful=True),
                   Experience(id="3", title="Not sent", selected=False)]
    assert [(e.id, why) for e, why in to_finish(experiences)] == [
        ("2", "needs a start date and a description and a reflection (most meaningful)")]
