"""Letters of recommendation: the steps, what to do next and by when, follow-up reminders,
the checks on the whole set, ERAS rules, and the message drafts. Pure; "today" is passed in."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from usce_tui.core.parse import format_date
from usce_tui.core.records import LETTER_STATUSES, Letter, Profile, Program
from usce_tui.core.values import StatusChange

STEPS = ("identified", "requested", "agreed", "materials sent", "uploaded", "thanked")
DONE = frozenset({"uploaded", "thanked"})  # the letter is in ERAS
ERAS_LIMIT = 4  # letters per residency program
LETTERS_NEEDED = (3, 4)
UNANSWERED_DAYS = 30
LETTER_MATERIALS = ("cv", "personal statement draft", "list of programs or specialties", "photo")
MATERIAL_LABELS = {"cv": "CV", "personal statement draft": "Personal statement draft",
                   "list of programs or specialties": "List of programs or specialties", "photo": "Photo"}
FOLLOWED_UP = frozenset({"requested", "materials sent"})  # steps that wait on the writer
_ACTION_DAYS = {"identified": 7, "agreed": 3, "uploaded": 3}  # days to act after these steps
_ACTIONS = {"identified": ("Ask for the letter", "request"),
            "agreed": ("Send the materials", "send materials"),
            "uploaded": ("Thank the writer", "thank")}


def reminder_schedule(first: int = 14) -> tuple[int, int, int]:
    """Days after a step at which to follow up: 14, 21 and 30 by default."""
    return first, first + 7, first + 16


def step_date(letter: Letter, status: str) -> date | None:
    """When the letter last reached ``status``."""
    return next((h.on for h in reversed(letter.history) if h.status == status), None)


def last_step(letter: Letter) -> tuple[str, date | None]:
    if letter.history:
        return letter.history[-1].status, letter.history[-1].on
    return letter.status, None


def next_status(letter: Letter) -> str | None:
    """The step after the current one (None once thanked or declined)."""
    if letter.status in ("thanked", "declined") or letter.status not in STEPS:
        return None
    return STEPS[STEPS.index(letter.status) + 1]


def advance(letter: Letter, on: date, status: str | None = None) -> bool:
    """Move the letter to the next step (or ``status``), dated ``on``; False if it cannot."""
    target = status or next_status(letter)
    if target is None or target == letter.status or target not in LETTER_STATUSES:
        return False
    letter.status = target
    letter.history.append(StatusChange(target, on))
    return True


@dataclass(frozen=True)
class NextAction:
    """What to do next for one letter, by when, and whether it is late."""

    text: str
    due: date | None
    overdue: bool
    kind: str  # request / follow up / send materials / thank / stalled / none

    def days_left(self, today: date) -> int | None:
        return None if self.due is None else (self.due - today).days


def _reminders_since_step(letter: Letter) -> list[date]:
    """The reminders sent for the current step. One sent on the day the letter reached it
    belongs to the step before when that one waited on the writer too (the writer answered the
    reminder: "f" then "n n" on one day had the upload's reminders start at 2 of 3); else to
    this one (requested today and reminded today)."""
    since = last_step(letter)[1]
    if since is None:
        return list(letter.reminded)
    earlier = letter.history[:-1]
    that_day = [h.status for h in earlier if h.on == since] + [h.status for h in earlier if h.on < since][-1:]
    waited_before = any(status in FOLLOWED_UP for status in that_day)
    return [d for d in letter.reminded if d > since or (d == since and not waited_before)]


def can_remind(letter: Letter) -> bool:
    """True when a reminder sent now moves the next follow-up: the letter waits on the writer
    (requested, or materials sent) and fewer than 3 reminders went out since that step."""
    return letter.status in FOLLOWED_UP and len(_reminders_since_step(letter)) < len(reminder_schedule())


def why_no_reminder(letter: Letter, on: date | None = None) -> str:
    """The sentence shown when ``record_reminder`` refuses."""
    if on is not None and on in letter.reminded:
        return f"A reminder to {letter.writer_name} is already recorded for that day."
    if letter.status in FOLLOWED_UP:
        return "Three reminders have gone out with no answer; consider asking another writer."
    action = _ACTIONS.get(letter.status)
    then = f": {action[0].lower()} next (n)" if action else ""
    return (f"The letter is {letter.status}{then}. Reminders are for letters requested, or with "
            "the materials sent, that wait on the writer.")


def record_reminder(letter: Letter, on: date) -> bool:
    """Record a reminder sent on ``on``; False (and nothing recorded) when ``can_remind`` is
    not, or one is already recorded for that day."""
    if not can_remind(letter) or on in letter.reminded:
        return False
    letter.reminded.append(on)
    return True


def next_action(letter: Letter, today: date, first_reminder: int = 14) -> NextAction:
    """The next action and its due date for every status.

    A letter requested, or with materials sent, is followed up 14 days (by default) after that
    step; after a reminder, the next is due 7 days after it, then 9 (the gaps of 14, 21, 30),
    counted from the day the reminder was really sent, and never before the schedule from the
    step (a reminder sent early does not bring the next one forward).
    """
    status, since = last_step(letter)
    since = since or today
    if status in _ACTION_DAYS:
        text, kind = _ACTIONS[status]
        due = since + timedelta(days=_ACTION_DAYS[status])
        return NextAction(text, due, today > due, kind)
    if status in FOLLOWED_UP:
        sent = _reminders_since_step(letter)
        schedule = reminder_schedule(first_reminder)
        if len(sent) >= len(schedule):
            return NextAction("No answer after 3 reminders: ask another writer", None, True,
                              "stalled")
        due = since + timedelta(days=schedule[len(sent)])
        if sent:
            due = max(due, max(sent) + timedelta(days=schedule[len(sent)] - schedule[len(sent) - 1]))
        what = "no answer yet" if status == "requested" else "upload pending"
        return NextAction(f"Remind ({len(sent) + 1} of 3): {what}", due, today > due, "follow up")
    return NextAction("Done" if status == "thanked" else "Declined: ask someone else", None, False,
                      "none")


def in_order(letters: Iterable[Letter], today: date,
             first_reminder: int = 14) -> list[tuple[Letter, NextAction]]:
    """Each letter with its next action: overdue first, then by due date, finished last."""
    pairs = [(letter, next_action(letter, today, first_reminder)) for letter in letters]
    return sorted(pairs, key=lambda pair: (not pair[1].overdue, pair[1].due is None,
                                           pair[1].due or today, pair[0].writer_name.lower()))


# --- checks on the whole set --------------------------------------------------------------
@dataclass(frozen=True)
class LetterChecks:
    """The set of letters against what ERAS applicants usually need."""

    uploaded: int
    coverage: dict[str, int]  # target specialty -> uploaded letters in it
    unanswered: list[Letter]

    def lines(self) -> list[str]:
        low, high = LETTERS_NEEDED
        out = [f"Uploaded: {self.uploaded} of the usual {low}–{high}"
               + (" ✔" if self.uploaded >= low else "")]
        for specialty, count in self.coverage.items():
            out.append(f"{specialty}: {count} uploaded" + (" ✔" if count else " ✘ none yet"))
        for letter in self.unanswered:
            out.append(f"✘ {letter.writer_name}: asked over {UNANSWERED_DAYS} days ago, no answer")
        return out


def check_letters(letters: Sequence[Letter], profile: Profile, today: date) -> LetterChecks:
    """Uploaded letters against the usual 3–4, one in each target specialty, and writers asked
    more than 30 days ago who have not answered."""
    uploaded = [letter for letter in letters if letter.status in DONE]
    coverage = {s: sum(letter.specialty.strip().lower() == s.strip().lower() for letter in uploaded)
                for s in profile.target_specialties}
    unanswered = [letter for letter in letters if letter.status == "requested"
                  and (today - (step_date(letter, "requested") or today)).days > UNANSWERED_DAYS]
    return LetterChecks(len(uploaded), coverage, unanswered)


# --- ERAS rules ---------------------------------------------------------------------------
def duplicate_letter_id(letter: Letter, others: Iterable[Letter]) -> Letter | None:
    """Another letter with the same ERAS Letter ID (ignoring case and spaces)."""
    wanted = letter.eras_letter_id.strip().lower()
    if not wanted:
        return None
    return next((o for o in others if o.id != letter.id
                 and o.eras_letter_id.strip().lower() == wanted), None)


def over_limit(letter: Letter, others: Iterable[Letter]) -> list[str]:
    """A sentence for each residency program that would get more than 4 letters."""
    others = [o for o in others if o.id != letter.id]
    out = []
    for name in letter.assigned_to:
        holders = [o.writer_name for o in others
                   if name.strip().lower() in {a.strip().lower() for a in o.assigned_to}]
        if len(holders) >= ERAS_LIMIT:
            out.append(f"{name} already has {len(holders)} letters assigned ({', '.join(holders)}); "
                       f"ERAS allows {ERAS_LIMIT} per program")
    return out


def step_date_problems(dates: dict[str, date | None], today: date,
                       order: str = "DMY") -> dict[str, str]:
    """For each step date: not in the future, and not before the step before it (dates in
    the messages are written in the user's ``order``)."""
    problems: dict[str, str] = {}
    previous: tuple[str, date] | None = None
    for status in (*STEPS, "declined"):
        on = dates.get(status)
        if on is None:
            continue
        if on > today:
            problems[status] = "is in the future; record a step once it has happened"
        elif previous and status != "declined" and on < previous[1]:
            problems[status] = f"is before the {previous[0]} date ({format_date(previous[1], order)})"
        if status != "declined":
            previous = (status, on)
    if dates.get("declined") and any(dates.get(s) for s in DONE):
        problems["declined"] = "a letter cannot be declined and uploaded"
    return problems


# --- messages -----------------------------------------------------------------------------
_TITLES = {"dr": "Dr.", "prof": "Prof.", "professor": "Prof.", "mr": "Mr.", "ms": "Ms.", "mrs": "Mrs.",
           "mx": "Mx."}


def salutation(writer: str, untitled: str = "Dr.", nobody: str = "Doctor") -> str:
    """ "Dear Dr. Varga," for "Dr. Helena Varga" (or "Helena Varga": writers are doctors; a
    coordinator with no title, ``untitled=""``, is "Dear Helena Varga,"); "Dear Doctor," for
    no name (or ``nobody``). What follows a comma is a role ("Ms. Rivera, coordinator"), or a
    degree ("Helena Varga, MD"), not a name; nor is what is in brackets ("Dr. Kowalski
    (fictional)", "Dr. Ito (cardiology)")."""
    words = re.sub(r"\([^)]*\)?|\[[^\]]*\]?", " ", writer).split(",")[0].split()
    if not words:
        return f"Dear {nobody},"
    title = _TITLES.get(words[0].rstrip(".").lower()) or untitled
    names = words[1:] if words[0].rstrip(".").lower() in _TITLES else words
    if not title:
        return f"Dear {' '.join(names)},"
    return f"Dear {title} {names[-1] if names else words[-1]},"


def default_draft(letter: Letter) -> str:
    """The message the letter's step calls for: a request, the materials once the writer has
    agreed, a thank-you, or else a reminder."""
    return {"identified": "request", "agreed": "materials", "uploaded": "thank you",
            "declined": "thanks for considering"}.get(letter.status, "reminder")


def drafts(letter: Letter, rotation: Program | None, profile: Profile) -> dict[str, str]:
    """The request, a reminder, the materials and a thank-you, filled in; the user copies and
    sends them."""
    order = profile.date_order
    dear = salutation(letter.writer_name)
    me = profile.name or "[your name]"
    if rotation is not None:
        when = ""
        if rotation.start_dates:
            when = f" (from {format_date(rotation.start_dates[0], order)})"
        where = f"during the {rotation.name} at {rotation.institution or 'your institution'}{when}"
    else:
        where = "during the time I worked with you"
    asked = step_date(letter, "requested")
    asked_text = f" on {format_date(asked, order)}" if asked else ""
    sent_on = step_date(letter, "materials sent") if letter.status == "materials sent" else None
    if letter.status == "declined":  # a reminder was offered first (seen by a newcomer)
        return {"thanks for considering": (
            f"{dear}\n\nThank you for considering my request for a letter of recommendation. I "
            f"understand, and I remain grateful for your teaching and supervision {where}.\n\n"
            f"With best regards,\n{me}")}
    return {
        "request": (
            f"{dear}\n\nThank you for your teaching and supervision {where}. I am applying "
            "to U.S. residency programs through ERAS, and I would be grateful if you could write "
            "a strong, detailed letter of recommendation for me, based on the cases we worked "
            "on together.\n\nIf you agree, I will send my CV, a draft of my personal statement "
            "and the list of programs, and the ERAS Letter Request Form with the upload "
            f"instructions.\n\nWith thanks and best regards,\n{me}"),
        "reminder": (
            f"{dear}\n\nI hope you are well. I am writing to follow up on my request{asked_text} "
            f"for a letter of recommendation about my work {where}. If it "
            "would help, I am happy to send any further material. Applications are being "
            f"reviewed soon, so I would be very grateful for your letter.\n\nBest regards,\n{me}")
        if not sent_on else (  # the writer agreed and has the packet: remind of the upload
            f"{dear}\n\nI hope you are well. Thank you again for agreeing to write a letter of "
            f"recommendation about my work {where}. I sent you my CV, personal statement draft "
            f"and the ERAS Letter Request Form on {format_date(sent_on, order)}; if anything is "
            "missing or would help, please tell me. Applications are being reviewed soon, so I "
            "would be very grateful if the letter could be uploaded through the ERAS Letter of "
            f"Recommendation Portal when you are able.\n\nBest regards,\n{me}"),
        "materials": (
            f"{dear}\n\nThank you very much for agreeing to write a letter of recommendation about "
            f"my work {where}. To help you, I attach my CV, a draft of my personal statement and "
            "the list of programs I am applying to, with the ERAS Letter Request Form, which has "
            "the Letter ID and the instructions for uploading the letter. Please tell me if "
            f"anything else would be useful.\n\nWith thanks and best regards,\n{me}"),
        "thank you": (
            f"{dear}\n\nThank you very much for writing and uploading my letter of "
            f"recommendation. Your support {where} means a great deal to me, and I will let you "
            f"know how my applications go.\n\nWith gratitude,\n{me}"),
    }
