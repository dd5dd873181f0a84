"""What needs doing next, from everything the file holds: deadlines, preparation, letters and
trips, most urgent first; and what each missing exam or certificate would unlock. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from usce_tui.core.budget.rules import Line, budget_lines
from usce_tui.core.letters.rules import next_action
from usce_tui.core.paperwork.rules import document_warnings, follow_ups, trip_warnings
from usce_tui.core.parse import counted
from usce_tui.core.programs.rules import (
    MET,
    NEVER,
    judge,
    preparation_late,
    preparation_window,
    program_apply_by,
    program_deadline,
)
from usce_tui.core.records import Correspondence, Document, Expense, Letter, Profile, Program, Trip
from usce_tui.core.tasks import Task

HORIZON = 90  # days ahead for deadlines
TRIP_SOON = 30
LETTER_SOON = 7  # days before a letter's next step is due that it is listed
OPEN = frozenset({"researching", "preparing"})  # programs not yet applied to


def program_tasks(programs: Sequence[Program], today: date, profile: Profile | None = None,
                  left_out: list[Program] | None = None) -> list[Task]:
    """Deadlines and late preparation of the programs not applied to yet, leaving out those the
    profile can never be eligible for (U.S. students only, say): added to ``left_out``, when
    given, so that the dashboard can say so."""
    tasks = []
    verdict = judge(profile, today) if profile is not None else None
    for p in programs:
        if p.status not in OPEN or p.id is None:
            continue
        if verdict is not None and any(c.state == NEVER for c in verdict(p).checks):
            if left_out is not None:
                left_out.append(p)
            continue
        deadline = program_deadline(p)
        due = program_apply_by(p, today, deadline)
        if due is not None and today <= due <= today + timedelta(days=HORIZON):
            word = "Deadline" if deadline.kind == "date" else "Apply by"
            tasks.append(Task(due, f"{word}: {p.name}", "programs", p.id, "deadline"))
        if preparation_late(p, today) and due is not None and due >= today:
            latest = preparation_window(due)[1]
            tasks.append(Task(latest, f"Start preparing documents: {p.name}", "programs", p.id,
                              "prepare"))
    return tasks


def letter_tasks(letters: Sequence[Letter], today: date, first_reminder: int = 14) -> list[Task]:
    tasks = []
    for letter in letters:
        action = next_action(letter, today, first_reminder)
        if letter.id is None or action.due is None:
            continue
        if action.kind == "thank" or action.due <= today + timedelta(days=LETTER_SOON):
            tasks.append(Task(action.due, f"{letter.writer_name}: {action.text}", "letters", letter.id,
                              action.kind))
    return tasks


def trip_tasks(trips: Sequence[Trip], expenses: Sequence[Expense], programs: Sequence[Program],
               today: date, lines: Sequence[Line] | None = None) -> list[Task]:
    """A reminder for each trip starting soon that has planned costs not paid yet (``lines``:
    the budget's lines, when the caller has them already)."""
    if lines is None:
        lines = budget_lines(expenses, trips, programs)
    tasks = []
    for trip in trips:
        soon = trip.arrival is not None and today <= trip.arrival <= today + timedelta(TRIP_SOON)
        if trip.id is None or not soon:
            continue
        unpaid = [line for line in lines if line.trip_id == trip.id and line.state == "planned"]
        if unpaid:
            what = f"{trip.name} starts: {counted(len(unpaid), 'planned cost')} not paid yet"
            tasks.append(Task(trip.arrival or today, what, "budget", trip.id, "trip"))
    return tasks


FOLLOW_UP_SOON = 7  # days before a follow-up with a program is due that it is listed


def paperwork_tasks(programs: Sequence[Program], trips: Sequence[Trip], documents: Sequence[Document],
                    correspondence: Sequence[Correspondence], today: date, order: str = "DMY") -> list[Task]:
    """Documents to renew before a rotation, visa steps and the passport against each trip, and
    follow-ups with programs (set, or suggested after 10 working days without an answer)."""
    warnings = document_warnings(programs, documents, today, order)
    warnings += [w for trip in trips for w in trip_warnings(trip, documents, today, order)]
    tasks = list(warnings)  # few, and each gates a rotation or a trip: all of them, however far
    names = {p.id: p.name for p in programs}
    for follow in follow_ups(correspondence):
        if not follow.last.id or follow.due > today + timedelta(FOLLOW_UP_SOON):
            continue
        if follow.program_id in names:
            why = " (no answer in 10 working days)" if follow.suggested else ""
            text = f"Follow up with {names[follow.program_id]}{why}"
        elif not follow.program_id:  # the message's program was deleted; its date stands
            text = f"Follow up: {follow.last.who or follow.last.summary or 'a message'} (program deleted)"
        else:
            continue
        tasks.append(Task(follow.due, text, "paperwork", follow.last.id, "follow-up"))
    return tasks


def next_tasks(programs: Sequence[Program], letters: Sequence[Letter], trips: Sequence[Trip],
               expenses: Sequence[Expense], profile: Profile, today: date,
               documents: Sequence[Document] = (),
               correspondence: Sequence[Correspondence] = (),
               lines: Sequence[Line] | None = None, left_out: list[Program] | None = None) -> list[Task]:
    """Everything due, most urgent (earliest, overdue first) first (``lines``: the budget's
    lines, when the caller counts them too, as the dashboard does for its money box;
    ``left_out``: see ``program_tasks``)."""
    tasks = (program_tasks(programs, today, profile, left_out)
             + letter_tasks(letters, today, profile.letter_reminder_days)
             + trip_tasks(trips, expenses, programs, today, lines)
             + paperwork_tasks(programs, trips, documents, correspondence, today, profile.date_order))
    return sorted(tasks, key=lambda t: (t.due, t.text.lower()))


# --- readiness ---------------------------------------------------------------------------
_DONE = {
    "USMLE Step 1": {"step1_status": "passed"},
    "USMLE Step 2 CK": {"step2ck_status": "passed"},
    "ECFMG certification": {"ecfmg_status": "certified"},
    "English test": {"english_status": "passed"},
}
_REQUIREMENT = {"USMLE Step 1": "step1", "USMLE Step 2 CK": "step2ck",
                "ECFMG certification": "ecfmg", "English test": "english"}


def unlocks(profile: Profile, programs: Sequence[Program], today: date) -> dict[str, int]:
    """For each missing item, how many programs it alone would make the user eligible for:
    those whose only unmet requirement is that item (one eligibility check per program)."""
    missing = {item: _REQUIREMENT[item] for item, change in _DONE.items()
               if any(getattr(profile, k) != v for k, v in change.items())
               and not (item == "English test" and profile.english_test == "exempt")}
    if not missing:
        return {}
    out = dict.fromkeys(missing, 0)
    by_requirement = {key: item for item, key in missing.items()}
    verdict = judge(profile, today)
    for program in programs:
        unmet = [c.key for c in verdict(program).checks if c.state != MET]
        if len(unmet) == 1 and unmet[0] in by_requirement:
            out[by_requirement[unmet[0]]] += 1
    return out
