"""The calendar export: an iCalendar (RFC 5545) file written with the icalendar library.

Every event's UID is built from the record and what the event is (never from its date), so
importing a newer export into a calendar updates the events instead of duplicating them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event

from usce_tui.core.letters.rules import next_action
from usce_tui.core.programs.rules import preparation_window, program_apply_by, program_deadline
from usce_tui.core.records import Letter, Profile, Program, Trip

DOMAIN = "usce-navigator"
ROTATING = frozenset({"accepted", "completed"})


def _event(uid: str, start: date, end: date | None, summary: str, description: str,
           stamp: datetime) -> Event:
    event = Event()
    event.add("uid", f"{uid}@{DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("dtend", (end or start) + timedelta(days=1))  # all-day events end the day after
    event.add("summary", summary)
    event.add("description", description)
    return event


def _about(program: Program) -> str:
    parts = [program.name, program.institution, ", ".join(x for x in (program.city, program.state) if x),
             program.website, program.contact_email]
    return "\n".join(x for x in parts if x)


def calendar_events(programs: Sequence[Program], trips: Sequence[Trip], letters: Sequence[Letter],
                    profile: Profile, today: date, stamp: datetime | None = None) -> list[Event]:
    """Deadlines, apply-by dates, preparation starts, trips, rotations and letter follow-ups."""
    stamp = stamp or datetime.now(UTC)
    events: list[Event] = []
    for p in programs:
        if p.id is None:
            continue
        deadline = program_deadline(p)
        due = program_apply_by(p, today, deadline)
        if due is not None:
            kind, word = ("deadline", "Deadline") if deadline.kind == "date" else ("apply-by", "Apply by")
            events.append(_event(f"program-{p.id}-{kind}", due, None, f"{word}: {p.name}",
                                 _about(p), stamp))
            events.append(_event(f"program-{p.id}-prepare", preparation_window(due)[0], None,
                                 f"Start preparing documents: {p.name}",
                                 f"Documents for the application due {due.isoformat()}.\n{_about(p)}", stamp))
        if p.status in ROTATING and p.duration_weeks:
            for index, first in enumerate(p.start_dates):
                last = first + timedelta(weeks=p.duration_weeks) - timedelta(days=1)
                events.append(_event(f"program-{p.id}-rotation-{index}", first, last,
                                     f"Rotation: {p.name}", _about(p), stamp))
    for t in trips:
        if t.id is not None and t.arrival and t.departure:
            names = [p.name for p in programs if p.id in t.program_ids]
            events.append(_event(f"trip-{t.id}", t.arrival, t.departure, f"Trip: {t.name}",
                                 "\n".join([t.city, *names]).strip(), stamp))
    for letter in letters:
        action = next_action(letter, today, profile.letter_reminder_days)
        if letter.id is not None and action.due is not None:
            rotation = next((p.name for p in programs if p.id == letter.program_id), "")
            events.append(_event(f"letter-{letter.id}-next", action.due, None,
                                 f"Letter: {action.text} ({letter.writer_name})",
                                 "\n".join(v for v in (letter.writer_name, letter.title, letter.email,
                                                        rotation) if v),
                                 stamp))
    return events


def write_calendar(events: Sequence[Event]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//USCE Navigator//usce-tui//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "USCE Navigator")
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()
