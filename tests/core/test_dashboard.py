"""What is next (pure, with an injected today), the dashboard on the sample and on an empty
file, enter jumping to the record, and the calendar parsed back with stable UIDs."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from icalendar import Calendar
from textual.widgets import DataTable

from tests.conftest import TODAY, key_of
from tests.screens.seen import screen_lines
from usce_tui.app import UsceApp
from usce_tui.cli import main
from usce_tui.core.dashboard import letter_tasks, next_tasks, program_tasks, trip_tasks, unlocks
from usce_tui.core.exports import export_bytes
from usce_tui.core.records import Expense, Letter, Profile, Program, Trip
from usce_tui.core.values import Money, StatusChange
from usce_tui.screens.letters import LettersScreen
from usce_tui.screens.programs import ProgramsScreen
from usce_tui.store.store import Store

D = TODAY
M3 = relativedelta(months=3)


def program(**kw) -> Program:
    base = dict(id=1, name="P", status="researching", deadline_kind="date")
    return Program(**{**base, **kw})


@pytest.mark.parametrize("kw, expected", [
    ({"deadline": D + timedelta(30)}, [("Deadline: P", D + timedelta(30)),
                                       ("Start preparing documents: P", D + timedelta(30) - M3)]),
    ({"deadline": D + timedelta(91)},  # beyond 90 days, but the documents are late already
     [("Start preparing documents: P", D + timedelta(91) - M3)]),
    ({"deadline": D + timedelta(200)}, []),
    ({"deadline": D - timedelta(1)}, []),  # passed
    ({"deadline": D + timedelta(30), "status": "applied"}, []),  # already applied
    ({"deadline": D + timedelta(120), "status": "preparing"}, []),  # beyond 90 days, in hand
    ({"deadline_kind": "lead time", "deadline_text": "apply 2 months ahead",
      "start_dates": [D + timedelta(days=100)]},
     [("Apply by: P", D + timedelta(days=100) - relativedelta(months=2)),
      ("Start preparing documents: P", D + timedelta(days=100) - relativedelta(months=5))]),
    ({"deadline_kind": "rolling"}, []),
])
def test_program_tasks(kw, expected) -> None:
    tasks = program_tasks([program(**kw)], TODAY)
    assert [(t.text, t.due) for t in tasks] == expected


def test_programs_the_profile_can_never_be_eligible_for_are_left_out_and_counted() -> None:
    """Seen by a newcomer: an apply-by date 58 days away was missing from Next, with no word why
    (they graduated longer ago than the program takes)."""
    profile = Profile(graduation_date=date(2015, 6, 1))
    too_late = program(id=2, name="Recent graduates only", deadline=D + timedelta(30),
                       graduated_within_years=3)
    open_to_all = program(id=3, name="Open", deadline=D + timedelta(30))
    left_out: list[Program] = []
    tasks = program_tasks([too_late, open_to_all], TODAY, profile, left_out)
    assert {t.record_id for t in tasks} == {3} and left_out == [too_late]


async def test_the_dashboard_says_what_it_leaves_out_of_next(store: Store) -> None:
    store.save_profile(Profile(name="Ana", graduation_date=date(2015, 6, 1)))
    store.save(program(id=None, name="Recent graduates only", deadline=TODAY + timedelta(30),
                       graduated_within_years=3))
    async with UsceApp(store, today=lambda: TODAY).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = "\n".join(screen_lines(pilot.app))
        assert "Not listed: 1 program you can never be eligible for (on Programs)." in shown
        assert "Recent graduates only" not in shown


def test_letter_tasks_due_overdue_and_thanks() -> None:
    def letter(id: int, status: str, days_ago: int) -> Letter:
        return Letter(id=id, writer_name="W", status=status,
                      history=[StatusChange(status, D - timedelta(days_ago))])

    letters = [letter(1, "requested", 20), letter(2, "requested", 3), letter(3, "uploaded", 1),
               letter(4, "thanked", 0)]
    tasks = letter_tasks(letters, TODAY)
    assert [(t.record_id, t.kind, t.days_left(TODAY)) for t in tasks] == [(1, "follow up", -6),
                                                                        (3, "thank", 2)]


def test_trip_tasks_need_soon_and_unpaid() -> None:
    trips = [Trip(id=1, name="Soon", arrival=D + timedelta(10), departure=D + timedelta(20)),
             Trip(id=2, name="Later", arrival=D + timedelta(60), departure=D + timedelta(70)),
             Trip(id=3, name="Paid", arrival=D + timedelta(5), departure=D + timedelta(9))]
    expenses = [Expense(id=1, trip_id=1, amount=Money(1, "USD")),
                Expense(id=2, trip_id=2, amount=Money(1, "USD")),
                Expense(id=3, trip_id=3, amount=Money(1, "USD"), state="actual")]
    assert [t.text for t in trip_tasks(trips, expenses, [], TODAY)] == [
        "Soon starts: 1 planned cost not paid yet"]


def test_next_tasks_most_urgent_first() -> None:
    tasks = next_tasks([program(deadline=D + timedelta(5))],
                       [Letter(id=9, writer_name="W", status="requested",
                               history=[StatusChange("requested", D - timedelta(30))])],
                       [], [], Profile(), TODAY)
    assert [t.kind for t in tasks] == ["prepare", "follow up", "deadline"]
    assert [t.due for t in tasks] == sorted(t.due for t in tasks)


def test_unlocks_counts_programs_one_item_would_open() -> None:
    profile = Profile(graduation_date=date(2024, 6, 1), step1_status="passed", step1_date=date(2025, 1, 1))
    programs = [program(id=1, requirements=["step1", "ecfmg"]), program(id=2, requirements=["ecfmg"]),
                program(id=3, requirements=["ecfmg", "step2ck"]), program(id=4, requirements=["step1"])]
    opened = unlocks(profile, programs, TODAY)
    assert opened["ECFMG certification"] == 2 and opened["USMLE Step 2 CK"] == 0
    assert "USMLE Step 1" not in opened


async def test_dashboard_on_sample_and_enter_jumps_to_the_record(sample_store: Store) -> None:
    async with UsceApp(sample_store, today=lambda: TODAY).run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = pilot.app.screen
        text = screen.text
        assert "stage: graduate 0–5 y" in text
        assert "Deadline: Internal Medicine Clerkship" in text
        assert "would open 2 more programs" in text  # ECFMG certification
        assert "Left of your budget 1,563.75 PEN" in text  # Budget's words ("Remaining" read as to pay)
        assert "Uploaded: 1 of the usual 3–4" in text and "Streak: 0 days, longest 10" in text
        table = screen.query_one(DataTable)
        target = next(i for i, t in enumerate(screen.tasks)
                      if t.text == "Deadline: Internal Medicine Clerkship")
        table.move_cursor(row=target)
        await pilot.press("enter")
        await pilot.pause()
        programs = pilot.app.screen
        assert isinstance(programs, ProgramsScreen)
        assert programs.current_row().program.name == "Internal Medicine Clerkship"
        await pilot.press("1")
        await pilot.pause()
        letter = next(i for i, t in enumerate(screen.tasks) if t.area == "letters")
        screen.query_one(DataTable).move_cursor(row=letter)
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(pilot.app.screen, LettersScreen)
        assert pilot.app.screen.current().id == screen.tasks[letter].record_id


async def test_dashboard_on_an_empty_file_teaches(store: Store) -> None:
    async with UsceApp(store, today=lambda: TODAY).run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "Start here" in pilot.app.screen.text
        assert not pilot.app.screen.query_one(DataTable).display


def _uids(data: bytes) -> dict[str, str]:
    calendar = Calendar.from_ical(data)
    return {str(e["UID"]): str(e["SUMMARY"]) for e in calendar.walk("VEVENT")}


def test_calendar_has_every_event_and_stable_uids(sample_store: Store) -> None:
    data = sample_store.dataset()
    first = _uids(export_bytes("calendar", data, TODAY))
    program = key_of(sample_store, Program, name="Internal Medicine Observership")
    trip = key_of(sample_store, Trip, name="Chicago spring rotations")
    letter = key_of(sample_store, Letter, writer_name="Dr. Lucia Mendoza")
    assert first[f"program-{program}-deadline@usce-navigator"] == "Deadline: Internal Medicine Observership"
    assert first[f"program-{program}-prepare@usce-navigator"].startswith("Start preparing documents")
    assert first[f"trip-{trip}@usce-navigator"] == "Trip: Chicago spring rotations"
    assert any(uid.startswith("program-") and "-rotation-" in uid for uid in first)
    assert first[f"letter-{letter}-next@usce-navigator"].startswith("Letter: Remind")
    again = _uids(export_bytes("calendar", data, TODAY + timedelta(days=1)))
    assert set(again) == set(first)  # a later export updates the same events


def test_calendar_event_dates_and_descriptions(sample_store: Store) -> None:
    calendar = Calendar.from_ical(export_bytes("calendar", sample_store.dataset(), TODAY))
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    trip = events[f"trip-{key_of(sample_store, Trip, name='Chicago spring rotations')}@usce-navigator"]
    assert trip.decoded("DTSTART") == date(2027, 3, 22) and trip.decoded("DTEND") == date(2027, 4, 24)
    assert "Internal Medicine Observership" in str(trip["DESCRIPTION"])
    letter = key_of(sample_store, Letter, writer_name="Dr. Lucia Mendoza")
    assert str(events[f"letter-{letter}-next@usce-navigator"]["DESCRIPTION"]).startswith("Dr. Lucia Mendoza")


def test_the_calendar_and_the_dashboard_date_preparing_documents_alike(sample_store: Store) -> None:
    """Seen by a newcomer: the dashboard said "15/11/2026, 22 late: Start preparing documents",
    the calendar put the same event on 15/08/2026 (the earliest start, not the latest)."""
    calendar = Calendar.from_ical(export_bytes("calendar", sample_store.dataset(), TODAY))
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    prepared = [t for t in program_tasks(sample_store.all(Program), TODAY, sample_store.profile())
                if t.kind == "prepare"]
    assert prepared
    for task in prepared:
        event = events[f"program-{task.record_id}-prepare@usce-navigator"]
        assert event.decoded("DTSTART") == task.due, task.text
        assert "at the latest" in str(event["DESCRIPTION"])


def test_cli_export_calendar(sample_path, tmp_path) -> None:
    out = tmp_path / "usce.ics"
    assert main(["export", "calendar", "-o", str(out), "--db", str(sample_path)]) == 0
    assert out.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert len(_uids(out.read_bytes())) >= 15


def test_a_letter_follow_up_due_within_a_week_is_listed() -> None:
    """Defect: the Next list left out a follow-up due tomorrow while listing deadlines 51 days
    away. A letter's next step is listed from a week before it is due."""
    def letter(id: int, days_ago: int) -> Letter:
        return Letter(id=id, writer_name=f"W{id}", status="requested",
                      history=[StatusChange("requested", TODAY - timedelta(days_ago))])

    tasks = letter_tasks([letter(1, 13), letter(2, 7), letter(3, 6)], TODAY)
    assert [(t.record_id, t.days_left(TODAY)) for t in tasks] == [(1, 1), (2, 7)]


def test_the_calendar_has_the_paperwork(sample_store: Store) -> None:
    """Issue 17: document expiries and renew-by dates, the visa interview and follow-ups with
    programs, parsed back from the export."""
    from usce_tui.core.records import Correspondence, Document

    calendar = Calendar.from_ical(export_bytes("calendar", sample_store.dataset(), TODAY))
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    (tb,) = [d.id for d in sample_store.all(Document) if d.kind == "TB test"]
    assert events[f"document-{tb}-expires@usce-navigator"].decoded("DTSTART") == date(2026, 12, 29)
    observership = key_of(sample_store, Program, name="Family Medicine Observership")
    renew = events[f"programs-{observership}-document-tb-test@usce-navigator"]
    assert str(renew["SUMMARY"]) == \
        "Renew by: TB test expires 3 weeks before Family Medicine Observership starts"
    assert renew.decoded("DTSTART") == date(2027, 1, 9)  # two weeks before the start
    omaha = key_of(sample_store, Trip, name="Omaha observership")
    assert str(events[f"trip-{omaha}-visa-interview@usce-navigator"]["SUMMARY"]).startswith("Visa interview")
    medicine = key_of(sample_store, Program, name="Internal Medicine Observership")
    (asked,) = [m.id for m in sample_store.all(Correspondence) if m.program_id == medicine]
    follow = events[f"correspondence-{asked}-follow-up@usce-navigator"]
    assert str(follow["SUMMARY"]) == "Follow up: Internal Medicine Observership (no answer yet)"
    assert follow.decoded("DTSTART") == date(2026, 11, 17)
    assert sample_store.all(Correspondence)  # (the sample has a log)


def test_a_missing_passport_in_the_calendar_says_get_it_not_renew_it(sample_store: Store) -> None:
    """Seen in the calendar: "Renew by: Omaha observership: no passport on file (Paperwork, key
    7)", a key of the app in a phone's calendar, and a passport to renew that was never there."""
    from usce_tui.core.records import Document

    for document in sample_store.all(Document):
        if document.kind == "passport":
            sample_store.delete(Document, str(document.id))
    calendar = Calendar.from_ical(export_bytes("calendar", sample_store.dataset(), TODAY))
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    omaha = key_of(sample_store, Trip, name="Omaha observership")
    missing = events[f"budget-{omaha}-passport-missing@usce-navigator"]
    assert str(missing["SUMMARY"]) == "Get by: Omaha observership: no passport on file"
    assert "Paperwork (key 7)" in str(missing["DESCRIPTION"])  # the description says where
