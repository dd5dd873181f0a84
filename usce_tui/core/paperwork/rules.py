"""What the app works out about paperwork: when a document expires (given, or derived from its
kind), whether it is valid on a rotation's first and last day, what a program still needs, the
visa steps of a trip against its dates, and when to follow up with a program. Pure; "today" is
always passed in."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from usce_tui.core.letters.rules import salutation
from usce_tui.core.parse import counted, format_date
from usce_tui.core.programs.rules import materials_needed, next_start
from usce_tui.core.records import DOCUMENT_KINDS, Correspondence, Document, Profile, Program, Trip
from usce_tui.core.tasks import Task

# --- documents --------------------------------------------------------------------------------
# How long a document of a kind is usually valid after it is obtained (the user can give another
# expiry). A flu shot is valid for its season, to the 30th of June after it.
VALID_FOR: dict[str, relativedelta] = {
    "TB test": relativedelta(months=12), "chest X-ray": relativedelta(months=12),
    "BLS / ACLS": relativedelta(years=2), "HIPAA training certificate": relativedelta(years=1),
}
FLU_SEASON_ENDS = (6, 30)  # month, day
HELD = frozenset({"have it", "sent"})
RENEW_AHEAD = 14  # days before a rotation by which a renewed document should be in hand
PASSPORT_MONTHS = 6  # valid at least this long after the trip ends

# The document kinds each checklist item and each requirement of a program calls for.
MATERIAL_KINDS: dict[str, tuple[str, ...]] = {
    "cv": ("CV",), "personal_statement": ("personal statement",),
    "transcript": ("medical school transcript",), "mspe": ("MSPE / dean's letter",),
    "usmle_transcript": ("USMLE transcript",), "ecfmg_status_report": ("ECFMG status report / certificate",),
    "english_proof": ("English test report",), "immunization_records": ("immunization records", "TB test"),
    "health_forms": ("TB test",), "background_check": ("background check",),
    "malpractice_proof": ("malpractice insurance",),
}
REQUIREMENT_KINDS: dict[str, tuple[str, ...]] = {
    "drug_screen": ("drug screen",), "hipaa": ("HIPAA training certificate",),
    "health_insurance": ("health insurance",), "immunizations": ("TB test", "immunization records"),
}


def expiry(document: Document) -> date | None:
    """The last day the document is valid: as given, or derived from its kind and the day it was
    obtained; None when it does not expire (or nothing is known)."""
    if document.expires is not None:
        return document.expires
    obtained = document.obtained
    if obtained is None:
        return None
    if document.kind == "flu vaccine":
        month, day = FLU_SEASON_ENDS
        year = obtained.year + 1 if (obtained.month, obtained.day) > (month, day) else obtained.year
        return date(year, month, day)
    if document.kind in VALID_FOR:
        return obtained + VALID_FOR[document.kind] - timedelta(days=1)
    return None


def by_expiry(document: Document) -> tuple[bool, date, str]:
    """The order documents are listed in: the soonest to expire first, those that do not after."""
    last = expiry(document)
    return last is None, last or date.max, document.kind.lower()


def expiry_is_derived(document: Document) -> bool:
    return document.expires is None and expiry(document) is not None


def valid_on(document: Document, day: date) -> bool:
    """True when the document is in hand and valid on ``day``."""
    last = expiry(document)
    return (document.status in HELD and (document.obtained is None or document.obtained <= day)
            and (last is None or day <= last))


def best_of(documents: Iterable[Document], kind: str) -> Document | None:
    """The document of a kind to count on: held, the one valid longest (then the newest)."""
    held = [d for d in documents if d.kind == kind and d.status in HELD]
    return max(held, key=lambda d: (expiry(d) or date.max, d.obtained or date.min), default=None)


_AGE = re.compile(r"(?P<kind>[a-z][a-z /'-]*?)\s+(?:within|no older than|less than|under)\s+(?:the\s+"
                  r"(?:last|past)\s+)?(?P<n>\d+)\s*(?P<unit>days?|weeks?|months?)", re.I)


# Other names of a document kind, as programs write them.
_KIND_ALIASES = {"bls": "BLS / ACLS", "acls": "BLS / ACLS", "bls/acls": "BLS / ACLS", "tb": "TB test",
                 "ppd": "TB test", "igra": "TB test", "tb test (ppd or igra)": "TB test",
                 "flu shot": "flu vaccine", "influenza vaccine": "flu vaccine",
                 "hipaa": "HIPAA training certificate",
                 "hipaa training": "HIPAA training certificate", "malpractice": "malpractice insurance",
                 "immunizations": "immunization records", "covid": "COVID vaccine", "x-ray": "chest X-ray",
                 "chest x ray": "chest X-ray", "good standing letter": "letter of good standing"}


def read_document_ages(text: str) -> tuple[dict[str, int], list[str]]:
    """"TB test within 6 months; background check within 90 days" as {kind: days}, and the
    parts not understood (a kind the app does not know, or no period)."""
    ages: dict[str, int] = {}
    unread: list[str] = []
    kinds = {k.lower(): k for k in DOCUMENT_KINDS} | _KIND_ALIASES
    for part in (p.strip() for p in re.split(r"[;\n]|,(?!\d)", text) if p.strip()):
        match = _AGE.fullmatch(part)
        kind = kinds.get(match["kind"].strip().lower()) if match else None
        if match is None or kind is None:
            unread.append(part)
            continue
        unit = match["unit"].lower()
        per = 30 if unit.startswith("month") else 7 if unit.startswith("week") else 1
        ages[kind] = int(match["n"]) * per
    return ages, unread


def document_ages_text(ages: dict[str, int]) -> str:
    """The inverse of ``read_document_ages`` (30 days are a month)."""
    return "; ".join(f"{kind} within {counted(days // 30, 'month')}" if days % 30 == 0 and days
                     else f"{kind} within {counted(days, 'day')}" for kind, days in ages.items())


@dataclass(frozen=True)
class DocumentCheck:
    """One document a program needs, against the rotation's first and last day."""

    kind: str
    document: Document | None
    state: str  # valid / missing / expires before / expires during / too old / not yet
    text: str
    renew_by: date | None = None


def rotation(program: Program, today: date) -> tuple[date, date] | None:
    """The next rotation's first and last day (four weeks when the length is not known)."""
    start = next_start(program, today)
    if start is None:
        return None
    weeks = program.duration_max_weeks or program.duration_weeks or 4
    return start, start + timedelta(weeks=weeks) - timedelta(days=1)


def kinds_needed(program: Program) -> list[str]:
    """The document kinds a program calls for: its checklist, its paperwork, and those it says
    how recent they must be."""
    kinds: list[str] = []
    for key in materials_needed(program):
        kinds += MATERIAL_KINDS.get(key, ())
    for key in program.requirements:
        kinds += REQUIREMENT_KINDS.get(key, ())
    kinds += program.document_ages
    return list(dict.fromkeys(kinds))


def _span(days: int) -> str:
    if days >= 14:
        return f"{days // 7} weeks"
    return f"{days} day{'s' if days != 1 else ''}"


def check_documents(program: Program, documents: Sequence[Document], today: date,
                    order: str = "DMY",
                    best: dict[str, Document | None] | None = None) -> list[DocumentCheck]:
    """Each document the program needs, valid (or not) on its next rotation's first and last day
    (``best``: the document of each kind to count on, when the caller found them already)."""
    window = rotation(program, today)
    out: list[DocumentCheck] = []
    for kind in kinds_needed(program):
        document = best[kind] if best is not None and kind in best else best_of(documents, kind)
        if document is None:
            asked = next((d for d in documents if d.kind == kind), None)
            state = f"{asked.status}, not in hand yet" if asked is not None else "none on file"
            out.append(DocumentCheck(kind, None, "missing", f"{kind}: {state}"))
            continue
        if window is None:
            out.append(DocumentCheck(kind, document, "valid", f"{kind}: on file (no start date to check)"))
            continue
        start, end = window
        last = expiry(document)
        age = program.document_ages.get(kind)
        renew_by = max(today, start - timedelta(days=RENEW_AHEAD))
        if last is not None and last < today:
            out.append(DocumentCheck(kind, document, "expires before",
                                     f"{kind} expired on {format_date(last, order)}, before {program.name} "
                                     f"starts; renew by {format_date(renew_by, order)}", renew_by))
        elif last is not None and last < start:
            out.append(DocumentCheck(kind, document, "expires before",
                                     f"{kind} expires {_span((start - last).days)} before {program.name} "
                                     f"starts; renew by {format_date(renew_by, order)}", renew_by))
        elif last is not None and last < end:
            old = (age is not None and document.obtained is not None
                   and (start - document.obtained).days > age)
            also = f", and is older than it accepts (within {counted(age or 0, 'day')} of the start)" \
                if old else ""
            out.append(DocumentCheck(kind, document, "expires during",
                                     f"{kind} expires during {program.name} (on {format_date(last, order)})"
                                     f"{also}; renew by {format_date(renew_by, order)}", renew_by))
        elif age is not None and document.obtained is not None and (start - document.obtained).days > age:
            earliest = start - timedelta(days=age)
            when = "now" if earliest <= today else f"from {format_date(earliest, order)}"
            within = counted(age, "day")
            out.append(DocumentCheck(kind, document, "too old",
                                     f"{kind} is older than {program.name} accepts (within {within} of the "
                                     f"start): get a new one {when}, by {format_date(renew_by, order)}",
                                     renew_by))
        else:
            out.append(DocumentCheck(kind, document, "valid",
                                     f"{kind}: valid from the start to the end of {program.name}"))
    return out


GATED = frozenset({"preparing", "applied", "interview", "accepted"})  # rotations the paperwork gates


def document_warnings(programs: Sequence[Program], documents: Sequence[Document], today: date,
                      order: str = "DMY") -> list[Task]:
    """A document that expires before or during a rotation, or is older than the program
    accepts, for the programs applied to or coming up (a missing document is on the checklist)."""
    out: list[Task] = []
    held = {d.kind for d in documents if d.status in HELD}  # only a document in hand can expire
    best = {kind: best_of(documents, kind) for kind in held}  # found once, not for each program
    for program in programs:
        if program.id is None or program.status not in GATED or held.isdisjoint(kinds_needed(program)):
            continue
        for check in check_documents(program, documents, today, order, best):
            if check.renew_by is not None:
                out.append(Task(check.renew_by, check.text, "programs", program.id, "document",
                                   check.kind))
    return out


# --- visa steps -------------------------------------------------------------------------------
NEEDS_INTERVIEW = frozenset({"B1/B2", "J-1", "F-1"})


def trip_warnings(trip: Trip, documents: Sequence[Document], today: date,
                  order: str = "DMY") -> list[Task]:
    """The visa steps and the passport against the trip's dates."""
    if trip.id is None or trip.arrival is None:
        return []
    out = []
    arrival, departure = trip.arrival, trip.departure or trip.arrival
    if departure < today:
        return []
    latest = arrival - timedelta(days=trip.visa_margin_days)
    if trip.visa_interview_on is not None and trip.visa_interview_on > latest and trip.visa_issued_on is None:
        out.append(Task(max(today, latest), f"{trip.name}: the visa interview on "
                           f"{format_date(trip.visa_interview_on, order)} is later than "
                           f"{format_date(latest, order)} ({trip.visa_margin_days} days before arrival); "
                           "ask for an earlier appointment", "budget", trip.id, "visa", "interview"))
    elif trip.visa in NEEDS_INTERVIEW and trip.visa_interview_on is None and trip.visa_issued_on is None:
        out.append(Task(max(today, latest), f"{trip.name}: no {trip.visa} visa interview booked yet "
                           f"(it must be by {format_date(latest, order)})", "budget", trip.id, "visa",
                           "booking"))
    if trip.visa_valid_until is not None and trip.visa_valid_until < departure:
        out.append(Task(max(today, latest), f"{trip.name}: the visa is valid until "
                           f"{format_date(trip.visa_valid_until, order)}, before the trip ends",
                           "budget", trip.id, "visa", "valid until"))
    passport = best_of(documents, "passport")
    needed = departure + relativedelta(months=PASSPORT_MONTHS)
    renew_by = max(today, arrival - timedelta(days=90))
    if passport is None:
        out.append(Task(renew_by, f"{trip.name}: no passport on file; add it on Paperwork (key 7)",
                        "budget", trip.id, "passport", "missing"))
    elif expiry(passport) is None:  # every passport expires: one not dated cannot be checked
        out.append(Task(renew_by, f"{trip.name}: the passport on file has no expiry date; add it on "
                           "Paperwork (key 7) to check it lasts the trip", "budget", trip.id, "passport",
                           "undated"))
    elif (last := expiry(passport)) is not None and last < needed:
        out.append(Task(renew_by, f"{trip.name}: the passport expires on {format_date(last, order)}, "
                           f"less than {PASSPORT_MONTHS} months after the trip ends; renew it by "
                           f"{format_date(renew_by, order)}", "budget", trip.id, "passport"))
    return out


def visa_steps(trip: Trip) -> list[tuple[str, date | None]]:
    """The trip's visa steps in order, each with its date (None: not yet)."""
    return [("DS-160 submitted", trip.ds160_on), ("visa fee paid", trip.visa_fee_paid_on),
            ("interview", trip.visa_interview_on), ("visa issued", trip.visa_issued_on),
            ("valid until", trip.visa_valid_until)]


# --- correspondence ---------------------------------------------------------------------------
NO_ANSWER_DAYS = 10  # working days after a message sent with no answer: follow up


def working_days_after(day: date, count: int) -> date:
    """The day ``count`` working days (Monday to Friday) after ``day``."""
    out = day
    while count > 0:
        out += timedelta(days=1)
        if out.weekday() < 5:
            count -= 1
    return out


@dataclass(frozen=True)
class FollowUp:
    """When to write to a program again: set by the user, or suggested."""

    program_id: str
    due: date
    suggested: bool
    last: Correspondence


def follow_ups(messages: Iterable[Correspondence]) -> list[FollowUp]:
    """The follow-ups to do: each date the user set on a message, until a message is logged on
    or after it; and, when a program's latest message was sent and has no date set, 10 working
    days after it."""
    by_program: dict[str, list[Correspondence]] = {}
    out = []
    for message in messages:
        if message.program_id is not None and message.on is not None:
            by_program.setdefault(message.program_id, []).append(message)
        elif message.on is not None and message.follow_up is not None:
            # its program deleted: the date the user set still stands (it had vanished from the
            # list and the dashboard, though the form still held it)
            out.append(FollowUp("", message.follow_up, False, message))
    for pid, log in by_program.items():
        log.sort(key=lambda m: (m.on or date.min, m.created))
        last = log[-1]
        for message in log:
            if message.follow_up is not None and not any(
                    (m.on or date.min) >= message.follow_up for m in log if m is not message):
                out.append(FollowUp(pid, message.follow_up, False, message))
        if last.direction == "sent" and last.follow_up is None and last.on is not None:
            out.append(FollowUp(pid, working_days_after(last.on, NO_ANSWER_DAYS), True, last))
    return sorted(out, key=lambda f: f.due)


def default_draft(program: Program, messages: Sequence[Correspondence]) -> str:
    """The message the log calls for: a first inquiry to a program never written to, a
    thank-you once it answered, and a follow-up to an unanswered message."""
    log = sorted((m for m in messages if m.program_id == program.id and m.on),
                 key=lambda m: (m.on or date.min, m.created))
    if log and log[-1].direction == "received":
        return "thank you"
    return "follow-up" if log or program.status in ("accepted", "completed") else "first inquiry"


def correspondence_drafts(program: Program, profile: Profile, who: str = "") -> dict[str, str]:
    """A first inquiry, a polite follow-up and a thank-you, filled from the profile and the
    program; the user copies and sends them (the app sends nothing)."""
    dear = salutation(who or program.contact_name, untitled="", nobody="Program Coordinator")
    me = profile.name or "[your name]"
    country = f" from {profile.home_country}" if profile.home_country else ""
    year = f", who graduated in {profile.graduation_date.year}" if profile.graduation_date else ""
    wanted = profile.target_specialties or ([program.specialty] if program.specialty else [])
    aims = (", ".join(wanted[:-1]) + " and " + wanted[-1]) if len(wanted) > 1 else (
        wanted[0] if wanted else "[your specialty]")
    place = program.institution or "your institution"
    exams = [label for label, status in (("USMLE Step 1", profile.step1_status),
                                         ("Step 2 CK", profile.step2ck_status)) if status == "passed"]
    passed = f" I have passed {' and '.join(exams)}." if exams else ""
    return {
        "first inquiry": (
            f"{dear}\n\nMy name is {me}, an international medical graduate{country}{year}.{passed} "
            f"I am preparing to apply to U.S. residency programs in {aims}, and I hope to gain "
            f"clinical experience in the United States first.\n\nI am very interested in the "
            f"{program.name} at {place}. Could you advise me on observership or rotation "
            "opportunities, the requirements and the next available dates? I would be glad to send "
            f"my CV and any documents you need.\n\nThank you for your time.\n\nKind regards,\n{me}"),
        "follow-up": (
            f"{dear}\n\nI hope you are well. I am writing to follow up on my earlier message about "
            f"the {program.name} at {place}. I remain very interested and would be grateful for any "
            "information about availability and the application process.\n\nThank you again for "
            f"your help.\n\nKind regards,\n{me}"),
        "thank you": (
            f"{dear}\n\nThank you for your reply and your help with the {program.name}. I appreciate "
            "the time you took, and I will follow the steps you described.\n\nWith best regards,\n"
            f"{me}"),
    }
