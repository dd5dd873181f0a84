"""Letters: next action and due date for every status, reminders, coverage, ERAS rules, step
dates, the form, drafts and the CSV export."""

from __future__ import annotations

import csv
from datetime import date, timedelta

import pytest

from usce_tui.core.letters.files import write_letters
from usce_tui.core.letters.form import letter_from_form, letter_values
from usce_tui.core.letters.rules import (
    advance,
    can_remind,
    check_letters,
    drafts,
    duplicate_letter_id,
    next_action,
    over_limit,
    record_reminder,
    reminder_schedule,
    step_date_problems,
    why_no_reminder,
)
from usce_tui.core.parse import FormErrors
from usce_tui.core.records import Letter, Profile, Program
from usce_tui.core.values import StatusChange

TODAY = date(2026, 11, 24)
D = TODAY - timedelta(days=10)  # the last step happened ten days ago


def letter(*steps: str, on: date = D, **kw) -> Letter:
    history = [StatusChange(s, on) for s in steps]
    kw.setdefault("writer_name", "Dr. Example")
    return Letter(status=steps[-1] if steps else "identified", history=history, **kw)


@pytest.mark.parametrize("steps, text, due, overdue", [
    (("identified",), "Ask for the letter", D + timedelta(7), True),
    (("identified", "requested"), "Remind (1 of 3): no answer yet", D + timedelta(14), False),
    (("identified", "requested", "agreed"), "Send the materials", D + timedelta(3), True),
    (("identified", "requested", "agreed", "materials sent"),
     "Remind (1 of 3): upload pending", D + timedelta(14), False),
    (("identified", "requested", "agreed", "materials sent", "uploaded"), "Thank the writer",
     D + timedelta(3), True),
    (("identified", "requested", "agreed", "materials sent", "uploaded", "thanked"), "Done", None, False),
    (("identified", "requested", "declined"), "Declined: ask someone else", None, False),
])
def test_next_action_for_every_status(steps, text, due, overdue) -> None:
    action = next_action(letter(*steps), TODAY)
    assert (action.text, action.due, action.overdue) == (text, due, overdue)


@pytest.mark.parametrize("reminded, due, overdue, kind", [
    ([], D + timedelta(14), False, "follow up"),
    ([D + timedelta(14)], D + timedelta(21), False, "follow up"),
    ([D + timedelta(14), D + timedelta(21)], D + timedelta(30), False, "follow up"),
    ([D + timedelta(14), D + timedelta(21), D + timedelta(30)], None, True, "stalled"),
    ([D - timedelta(5)], D + timedelta(14), False, "follow up"),  # sent before this step: not counted
])
def test_reminder_schedule(reminded, due, overdue, kind) -> None:
    action = next_action(letter("requested", reminded=reminded), TODAY)
    assert (action.due, action.overdue, action.kind) == (due, overdue, kind)


def test_a_reminder_sent_early_does_not_bring_the_next_forward() -> None:
    """Seen by a newcomer: requested on the 3rd, the first reminder due the 17th; reminded on the
    7th, the second came due on the 14th, earlier than the first had been."""
    early = letter("requested", reminded=[D + timedelta(4)])
    assert next_action(early, TODAY).due == D + timedelta(21)  # the schedule from the step
    late = letter("requested", reminded=[D + timedelta(40)])  # sent late: 7 days after it
    assert next_action(late, D + timedelta(40)).due == D + timedelta(47)


def test_a_reminder_sent_on_the_day_the_letter_moved_on_belongs_to_the_step_before() -> None:
    """Seen by a newcomer: f, then n n the same day (the writer answered): "Remind (2 of 3):
    upload pending", though no reminder about the upload was sent."""
    moved = Letter(writer_name="Dr. Example", status="materials sent", reminded=[D],
                   history=[StatusChange("requested", D - timedelta(15)), StatusChange("agreed", D),
                            StatusChange("materials sent", D)])
    assert next_action(moved, TODAY).text == "Remind (1 of 3): upload pending"
    assert can_remind(moved)
    # asked today and reminded today (second newcomer run: "Reminder recorded", the row unchanged)
    asked = Letter(writer_name="Dr. Example", status="requested", reminded=[D],
                   history=[StatusChange("identified", D - timedelta(3)), StatusChange("requested", D)])
    assert next_action(asked, TODAY).text == "Remind (2 of 3): no answer yet"


def test_follow_up_becomes_overdue_as_days_pass_and_the_first_reminder_is_the_users() -> None:
    asked = letter("requested")
    assert not next_action(asked, D + timedelta(14)).overdue
    assert next_action(asked, D + timedelta(15)).overdue
    assert next_action(asked, TODAY, first_reminder=7).due == D + timedelta(7)
    assert reminder_schedule() == (14, 21, 30) and reminder_schedule(10) == (10, 17, 26)


def test_advance_walks_every_step_and_keeps_history() -> None:
    x = letter("identified")
    for step in ("requested", "agreed", "materials sent", "uploaded", "thanked"):
        assert advance(x, TODAY)
        assert x.status == step and x.history[-1] == StatusChange(step, TODAY)
    assert not advance(x, TODAY)
    assert len(x.history) == 6


def test_checks_coverage_count_and_unanswered() -> None:
    profile = Profile(target_specialties=["Internal Medicine", "Pediatrics"])
    letters = [
        letter("uploaded", specialty="internal medicine"),
        letter("thanked", specialty="Internal Medicine"),
        letter("requested", on=TODAY - timedelta(31), specialty="Pediatrics"),
        letter("requested", on=TODAY - timedelta(30), specialty="Pediatrics"),
    ]
    checks = check_letters(letters, profile, TODAY)
    assert checks.uploaded == 2 and checks.coverage == {"Internal Medicine": 2, "Pediatrics": 0}
    assert "Pediatrics: 0 uploaded ✘ none yet" in checks.lines()
    assert checks.unanswered == [letters[2]]
    assert checks.lines()[0] == "Uploaded: 2 of the usual 3–4"


def test_duplicate_letter_id_ignores_case_and_self() -> None:
    a = Letter(id=1, writer_name="A", eras_letter_id="L-100")
    b = Letter(id=2, writer_name="B", eras_letter_id=" l-100 ")
    assert duplicate_letter_id(b, [a, b]) is a
    assert duplicate_letter_id(a, [a]) is None
    assert duplicate_letter_id(Letter(id=3), [a]) is None


@pytest.mark.parametrize("holders, expected", [(3, 0), (4, 1)])
def test_four_letters_per_program_limit(holders: int, expected: int) -> None:
    others = [Letter(id=i, writer_name=f"W{i}", assigned_to=["Metro IM"]) for i in range(1, holders + 1)]
    problems = over_limit(Letter(id=99, assigned_to=["metro im", "Other"]), others)
    assert len(problems) == expected
    if expected:
        assert "metro im already has 4 letters assigned" in problems[0] and "ERAS allows 4" in problems[0]
    assert over_limit(others[0], others) == []  # a letter never counts against itself


@pytest.mark.parametrize("dates, problems", [
    ({"identified": D, "requested": D + timedelta(1)}, {}),
    ({"identified": D, "requested": D - timedelta(1)}, {"requested": "is before the identified date"}),
    ({"requested": TODAY + timedelta(1)}, {"requested": "is in the future"}),
    ({"requested": D, "uploaded": D + timedelta(2), "thanked": D + timedelta(1)},
     {"thanked": "is before the uploaded date"}),
    ({"requested": D, "declined": D - timedelta(3)}, {}),  # declined may come at any time
    ({"uploaded": D, "declined": D}, {"declined": "cannot be declined and uploaded"}),
])
def test_step_date_ordering(dates, problems) -> None:
    found = step_date_problems(dates, TODAY)
    assert set(found) == set(problems)
    for key, words in problems.items():
        assert words in found[key]


def test_step_dates_in_messages_are_written_as_the_user_writes_dates() -> None:
    dates = {"identified": date(2026, 3, 20), "requested": date(2026, 3, 2)}
    assert step_date_problems(dates, TODAY, "DMY")["requested"].endswith("(20/03/2026)")
    assert step_date_problems(dates, TODAY, "MDY")["requested"].endswith("(03/20/2026)")


FORM = {"writer_name": "Dr. Ana Example", "email": "ana@example.org", "specialty": "Pediatrics",
        "letter_type": "specialty", "waived": "yes", "on_identified": "01/11/2026",
        "on_requested": "03/11/2026", "eras_letter_id": "L-7", "assigned_to": "Metro Peds, City Peds",
        "materials_sent": ["cv"]}


def test_form_builds_history_and_status_from_step_dates() -> None:
    x = letter_from_form(FORM, Letter(), "DMY", TODAY, [], set())
    assert x.status == "requested"
    assert [(h.status, h.on) for h in x.history] == [("identified", date(2026, 11, 1)),
                                                    ("requested", date(2026, 11, 3))]
    assert x.assigned_to == ["Metro Peds", "City Peds"]
    x.id = 5
    assert letter_from_form(letter_values(x, "DMY"), x, "DMY", TODAY, [x], set()) == x


def test_new_letter_without_dates_is_identified_today() -> None:
    x = letter_from_form({"writer_name": "Dr. B"}, Letter(), "DMY", TODAY, [], set())
    assert x.history == [StatusChange("identified", TODAY)]


@pytest.mark.parametrize("changes, field, words", [
    ({"writer_name": ""}, "writer_name", "is required"),
    ({"email": "ana@"}, "email", "is not an email address"),
    ({"on_requested": "25/12/2026"}, "on_requested", "is in the future"),
    ({"on_requested": "20/10/2026"}, "on_requested", "is before the identified date"),
    ({"eras_letter_id": "l-1"}, "eras_letter_id", "already the letter from Dr. Other"),
    ({"program_id": "99"}, "program_id", "is not one of your programs"),
    # seen by a newcomer: reminders before the request, or with none, were saved
    ({"reminded": "01/11/2026, 20/11/2026"}, "reminded", "01/11/2026 is before the request (03/11/2026)"),
    ({"on_requested": "", "reminded": "10/11/2026"}, "reminded", "a reminder follows a request"),
])
def test_form_refuses_bad_input(changes, field, words) -> None:
    other = Letter(id=1, writer_name="Dr. Other", eras_letter_id="L-1")
    with pytest.raises(FormErrors) as info:
        letter_from_form({**FORM, **changes}, Letter(), "DMY", TODAY, [other], {1})
    assert list(info.value.errors) == [field] and words in str(info.value)


def test_drafts_name_the_writer_and_rotation_and_never_send() -> None:
    rotation = Program(name="Pediatrics Observership", institution="Example Children's (fictional)",
                       start_dates=[date(2026, 6, 1)])
    x = letter("identified", "requested", writer_name="Dr. Ana Example")
    texts = drafts(x, rotation, Profile(name="Sam Example"))
    assert set(texts) == {"request", "reminder", "materials", "thank you"}
    assert "ERAS Letter Request Form" in texts["materials"]
    assert "Dear Dr. Example," in texts["request"]
    assert "strong, detailed letter" in texts["request"]
    assert ("the Pediatrics Observership at Example Children's (fictional) (from 01/06/2026)"
            in texts["request"])
    assert f"on {D:%d/%m/%Y}" in texts["reminder"]
    assert texts["thank you"].endswith("Sam Example")


def test_the_draft_offered_first_is_the_one_the_step_calls_for() -> None:
    """Seen by a newcomer: at *agreed* (next: send the materials), d then enter drafted a
    reminder "to follow up on my request"."""
    from usce_tui.core.letters.rules import default_draft

    assert default_draft(letter("identified")) == "request"
    assert default_draft(letter("identified", "requested")) == "reminder"
    assert default_draft(letter("identified", "requested", "agreed")) == "materials"
    assert default_draft(letter("identified", "requested", "agreed", "materials sent",
                                "uploaded")) == "thank you"


def test_a_declined_letter_offers_thanks_for_considering_and_no_reminder() -> None:
    """Seen by a newcomer: d on a declined letter wrote "I am writing to follow up on my request"."""
    from usce_tui.core.letters.rules import default_draft, drafts

    declined = letter("identified", "requested", "declined", writer_name="Dr. Samuel Park")
    assert default_draft(declined) == "thanks for considering"
    texts = drafts(declined, None, Profile(name="Amara Example"))
    assert list(texts) == ["thanks for considering"]
    assert texts["thanks for considering"].startswith("Dear Dr. Park,\n\nThank you for considering")


def test_export_has_every_step_date() -> None:
    x = letter("identified", "requested", writer_name="Dr. A", assigned_to=["P1", "P2"])
    x.materials_sent = ["cv"]
    text = write_letters([x], [])
    header = next(csv.reader(text.splitlines()))
    assert len(header) == len(set(header))  # "Materials sent" was both a step date and the packet
    rows = list(csv.DictReader(text.splitlines()))
    assert rows[0]["Identified on"] == D.isoformat() and rows[0]["Requested on"] == D.isoformat()
    assert rows[0]["Uploaded on"] == "" and rows[0]["Assigned to"] == "P1; P2"
    assert rows[0]["Materials sent on"] == "" and rows[0]["Materials sent"] == "cv"


def test_cli_export_letters(sample_path, capsys) -> None:
    from usce_tui.cli import main

    assert main(["export", "letters", "--db", str(sample_path)]) == 0
    rows = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    haddad = next(r for r in rows if r["Writer"] == "Dr. Omar Haddad")
    assert (haddad["Status"], haddad["Uploaded on"], haddad["ERAS Letter ID"]) == (
        "uploaded", "2026-10-25", "L-1000001")
    assert len(rows) == 5


@pytest.mark.parametrize("text, ok", [("14", True), ("7 days", True), ("0", False), ("soon", False)])
def test_profile_letter_reminder_days(text: str, ok: bool) -> None:
    from usce_tui.core.profile.form import profile_from_form

    values = {"name": "A", "home_currency": "USD", "letter_reminder_days": text}
    if ok:
        assert profile_from_form(values, Profile()).letter_reminder_days == int(text.split()[0])
    else:
        with pytest.raises(FormErrors, match="Letter follow-up after"):
            profile_from_form(values, Profile())


@pytest.mark.parametrize("status", ["identified", "requested", "agreed", "materials sent", "uploaded",
                                    "thanked", "declined"])
def test_a_reminder_is_allowed_exactly_where_it_moves_the_next_follow_up(status: str) -> None:
    """The rule for `f` and the schedule of follow-ups are one rule: a reminder may be recorded
    only where it changes what to do next."""
    today = date(2026, 11, 24)
    letter = Letter(writer_name="Dr. Example", status=status,
                    history=[StatusChange(status, today - timedelta(days=20))])
    before = next_action(letter, today)
    recorded = record_reminder(letter, today)
    assert recorded == can_remind(letter)
    assert (next_action(letter, today) != before) == recorded
    assert letter.reminded == ([today] if recorded else [])


def test_the_next_follow_up_counts_from_the_last_reminder_sent() -> None:
    """Defect: a letter 50 days late stayed late after f, because follow-ups were counted from
    the step's date. The next one now comes 7 (then 9) days after the reminder actually sent."""
    late = letter("requested", on=TODAY - timedelta(days=50))
    assert next_action(late, TODAY).overdue
    assert record_reminder(late, TODAY)
    action = next_action(late, TODAY)
    assert (action.due, action.overdue) == (TODAY + timedelta(days=7), False)
    assert action.text.startswith("Remind (2 of 3)")
    assert record_reminder(late, TODAY + timedelta(days=8))
    assert next_action(late, TODAY + timedelta(days=8)).due == TODAY + timedelta(days=17)


def test_one_reminder_a_day_is_recorded() -> None:
    """Defect: f three times in a minute recorded three reminders on one day."""
    asked = letter("requested")
    assert record_reminder(asked, TODAY)
    assert not record_reminder(asked, TODAY)
    assert asked.reminded == [TODAY]
    assert "already" in why_no_reminder(asked, TODAY)


def test_the_form_shows_and_edits_the_reminders() -> None:
    base = letter("identified", "requested", reminded=[D + timedelta(2)])
    values = letter_values(base, "DMY")
    assert values["reminded"] == (D + timedelta(2)).strftime("%d/%m/%Y")
    values["reminded"] = f"{(D + timedelta(5)):%d/%m/%Y}, {(D + timedelta(2)):%d/%m/%Y}"
    edited = letter_from_form(values, base, "DMY", TODAY, [], set())
    assert edited.reminded == [D + timedelta(2), D + timedelta(5)]  # sorted, each once
    values["reminded"] = f"{(TODAY + timedelta(3)):%d/%m/%Y}"
    with pytest.raises(FormErrors) as caught:
        letter_from_form(values, base, "DMY", TODAY, [], set())
    assert "reminded" in caught.value.errors and "future" in str(caught.value.errors["reminded"])


@pytest.mark.parametrize(("writer", "greeting"), [
    ("Dr. Helena Varga", "Dear Dr. Varga,"), ("Helena Varga", "Dear Dr. Varga,"),
    ("Prof. Omar Haddad", "Dear Prof. Haddad,"), ("Dr Lucia Mendoza-Ruiz", "Dear Dr. Mendoza-Ruiz,"),
    ("", "Dear Doctor,"),
    ("Dr. Kowalski (fictional)", "Dear Dr. Kowalski,"), ("Ms. Rivera (coordinator)", "Dear Ms. Rivera,"),
])
def test_drafts_greet_the_writer_by_title_and_surname(writer: str, greeting: str) -> None:
    texts = drafts(letter("requested", writer_name=writer), None, Profile(name="Sam Example"))
    assert all(text.startswith(greeting) for text in texts.values())


def test_a_reminder_once_the_materials_went_out_speaks_of_the_upload() -> None:
    """Seen by a newcomer: at *materials sent* the reminder still followed up "on my request"
    and offered to send material already sent."""
    x = letter("identified", "requested", "agreed", "materials sent", writer_name="Dr. Ana Example")
    reminder = drafts(x, None, Profile(name="Sam Example"))["reminder"]
    assert f"on {D:%d/%m/%Y}" in reminder and "uploaded through the ERAS" in reminder
    assert "follow up on my request" not in reminder
    asked = drafts(letter("identified", "requested"), None, Profile())["reminder"]
    assert "follow up on my request" in asked
