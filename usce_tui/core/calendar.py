"""The calendar export: an iCalendar (RFC 5545) file written with the icalendar library.

Every event's UID is built from the record and what the event is (never from its date), so
importing a newer export into a calendar updates the events instead of duplicating them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event

from usce_tui.core.letters.rules import next_action
from usce_tui.core.paperwork.rules import HELD, document_warnings, expiry, follow_ups, trip_warnings
from usce_tui.core.programs.rules import preparation_window, program_apply_by, program_deadline
from usce_tui.core.records import Correspondence, Document, Letter, Profile, Program, Trip

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
                    profile: Profile, today: date, stamp: datetime | None = None, *,
                    documents: Sequence[Document] = (),
                    correspondence: Sequence[Correspondence] = ()) -> list[Event]:
    """Deadlines, apply-by dates, preparation starts, trips, rotations, letter follow-ups,
    document expiries and renew-by dates, visa interviews, and follow-ups with programs."""
    stamp = stamp or datetime.now(UTC)
    events: list[Event] = _paperwork_events(programs, trips, profile, today, stamp, documents, correspondence)
    for p in programs:
        if p.id is None:
            continue
        deadline = program_deadline(p)
        due = program_apply_by(p, today, deadline)
        if due is not None:
            kind, word = ("deadline", "Deadline") if deadline.kind == "date" else ("apply-by", "Apply by")
            events.append(_event(f"program-{p.id}-{kind}", due, None, f"{word}: {p.name}",
                                 _about(p), stamp))
            # on the day the dashboard counts from (the latest start), the earliest said in it
            earliest, latest = preparation_window(due)
            events.append(_event(f"program-{p.id}-prepare", latest, None,
                                 f"Start preparing documents: {p.name}",
                                 f"Documents for the application due {due.isoformat()}: start gathering "
                                 f"them by this day at the latest (from {earliest.isoformat()} is "
                                 f"better).\n{_about(p)}", stamp))
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


def _paperwork_events(programs: Sequence[Program], trips: Sequence[Trip], profile: Profile, today: date,
                      stamp: datetime, documents: Sequence[Document],
                      correspondence: Sequence[Correspondence]) -> list[Event]:
    order = profile.date_order
    events = []
    for document in documents:
        last = expiry(document)
        if document.id is not None and last is not None and document.status in HELD:
            events.append(_event(f"document-{document.id}-expires", last, None, f"Expires: {document.kind}",
                                 "\n".join(v for v in (document.note, document.location) if v), stamp))
    warnings = document_warnings(programs, documents, today, order)
    warnings += [w for t in trips for w in trip_warnings(t, documents, today, order)]
    for warning in warnings:
        subject = re.sub(r"[^a-z0-9]+", "-", warning.subject.lower())
        title = warning.text.split(";")[0]  # (what follows says what to do, or where)
        prefix = ("" if warning.kind == "visa" else "Get by: " if warning.subject == "missing"
                  else "Renew by: ")
        events.append(_event(f"{warning.area}-{warning.record_id}-{warning.kind}-{subject}", warning.due,
                             None, prefix + title, warning.text, stamp))
    for trip in trips:
        if trip.id is not None and trip.visa_interview_on is not None:
            events.append(_event(f"trip-{trip.id}-visa-interview", trip.visa_interview_on, None,
                                 f"Visa interview ({trip.visa}): {trip.name}", trip.city, stamp))
    names = {p.id: p for p in programs}
    for follow in follow_ups(correspondence):
        program = names.get(follow.program_id)
        if program is not None:
            why = "no answer yet" if follow.suggested else "as planned"
            events.append(_event(f"correspondence-{follow.last.id}-follow-up", follow.due, None,
                                 f"Follow up: {program.name} ({why})", _about(program), stamp))
    return events


def write_calendar(events: Sequence[Event]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//USCE Navigator//usce-tui//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "USCE Navigator")
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()
