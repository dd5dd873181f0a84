"""What the app works out about a program: eligibility, red flags, deadlines and costs.

Pure functions over ``Program`` and ``Profile``; "today" is always passed in.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from usce_tui.core.parse import AMOUNT_LIMIT, counted, format_date, one_or_many, plain_number
from usce_tui.core.profile.rules import RECENT, STUDENT, stage, years_since_graduation
from usce_tui.core.records import (
    MATERIALS,
    Correspondence,
    Expense,
    Experience,
    JournalEntry,
    Letter,
    Profile,
    Program,
    Record,
    Trip,
)
from usce_tui.core.values import CURRENCIES, Money, StatusChange

# --- eligibility ----------------------------------------------------------------------------
MET, MISSING, AFTER, NEVER, UNKNOWN = "met", "missing", "after", "never", "unknown"
ELIGIBLE, ELIGIBLE_AFTER, NOT_ELIGIBLE, ELIGIBILITY_UNKNOWN = (
    "eligible", "eligible after", "not eligible", "unknown")

REQUIREMENT_LABELS = {
    "step1": "USMLE Step 1", "step2ck": "USMLE Step 2 CK", "ecfmg": "ECFMG certification",
    "english": "English test (TOEFL/OET)", "malpractice": "Malpractice insurance",
    "immunizations": "Immunizations / TB test", "background_check": "Background check",
    "drug_screen": "Drug screen", "hipaa": "HIPAA training", "enrolled_student": "Enrolled student",
    "graduated_within": "Graduated within N years", "vslo": "Applies through VSLO",
    "health_insurance": "Health insurance", "faculty_sponsor": "Faculty sponsor / host",
    "us_school_only": "U.S. (LCME/AOA) school only", "us_citizen_only": "U.S. citizens / residents only",
}
# Paperwork the applicant arranges for the program: it goes on the checklist, never blocks.
PAPERWORK = frozenset({"malpractice", "immunizations", "background_check", "drug_screen", "hipaa",
                       "health_insurance"})


@dataclass(frozen=True)
class RequirementCheck:
    """One requirement of a program against the profile."""

    key: str
    state: str  # met / missing / after / never / unknown
    reason: str
    when: date | None = None


@dataclass(frozen=True)
class Eligibility:
    """The whole verdict: eligible now, eligible after a date, not eligible, or unknown."""

    verdict: str
    checks: tuple[RequirementCheck, ...]
    after: date | None = None

    def summary(self, order: str = "DMY") -> str:
        if self.verdict == ELIGIBLE_AFTER and self.after:
            return f"eligible after {format_date(self.after, order)}"
        return self.verdict


def _exam(key: str, label: str, status: str, when: date | None, order: str) -> RequirementCheck:
    if status == "passed":
        return RequirementCheck(key, MET, f"{label} passed")
    if status == "scheduled" and when is not None:
        return RequirementCheck(key, AFTER, f"{label} is scheduled for {format_date(when, order)}", when)
    return RequirementCheck(key, MISSING, f"{label} is {status}")


def check_requirement(key: str, program: Program, profile: Profile, today: date) -> RequirementCheck:
    """How the profile stands against one requirement of the program."""
    label = REQUIREMENT_LABELS.get(key, key)
    order = profile.date_order
    if key in PAPERWORK:
        return RequirementCheck(key, MET, f"{label}: to arrange before the start (on the checklist)")
    if key == "faculty_sponsor":
        return RequirementCheck(key, MET, "a faculty sponsor or host: you must find one before applying")
    if key == "us_school_only":
        return RequirementCheck(key, NEVER, "only for students of U.S. (LCME/AOA) medical schools")
    if key == "us_citizen_only":
        if profile.visa == "U.S. citizen / green card":
            return RequirementCheck(key, MET, "you are a U.S. citizen or permanent resident")
        return RequirementCheck(key, NEVER, "only for U.S. citizens and permanent residents "
                                "(Profile → Visa: U.S. citizen / green card, if you are one)")
    if key == "step1":
        return _exam(key, label, profile.step1_status, profile.step1_date, order)
    if key == "step2ck":
        return _exam(key, label, profile.step2ck_status, profile.step2ck_date, order)
    if key == "ecfmg":
        if profile.ecfmg_status == "certified":
            return RequirementCheck(key, MET, "ECFMG certified")
        return RequirementCheck(key, MISSING, f"ECFMG certification is {profile.ecfmg_status}")
    if key == "english":
        if profile.english_test == "exempt" or profile.english_status == "passed":
            return RequirementCheck(key, MET, "English requirement met")
        if profile.english_status == "scheduled" and profile.english_date:
            return RequirementCheck(key, AFTER, f"English test on {format_date(profile.english_date, order)}",
                                    profile.english_date)
        return RequirementCheck(key, MISSING, "no English test result yet")
    if key in ("enrolled_student", "vslo"):
        if profile.graduation_date is None:
            return RequirementCheck(key, UNKNOWN, "add your graduation date to the profile")
        if stage(profile, today) == STUDENT:
            return RequirementCheck(key, MET, "you are still a student")
        return RequirementCheck(key, NEVER, f"{label}: only for students who have not graduated")
    if key == "graduated_within":
        limit = program.graduated_within_years
        if profile.graduation_date is None:
            return RequirementCheck(key, UNKNOWN, "add your graduation date to the profile")
        if stage(profile, today) == STUDENT:
            return RequirementCheck(key, AFTER, "for graduates: you graduate on "
                                    f"{format_date(profile.graduation_date, order)}", profile.graduation_date)
        if limit is None:
            return RequirementCheck(key, UNKNOWN, "the program does not say how many years")
        years = years_since_graduation(profile, today) or 0
        graduated = format_date(profile.graduation_date, order)
        if years < limit:
            return RequirementCheck(key, MET, f"graduated {graduated}, within {counted(limit, 'year')}")
        return RequirementCheck(key, NEVER, f"graduated {graduated}: it takes graduates of the last "
                                f"{counted(limit, 'year')} only")
    return RequirementCheck(key, UNKNOWN, f"{label}: not checked")


def eligibility(program: Program, profile: Profile, today: date) -> Eligibility:
    """Eligible now, eligible after the last scheduled item, not eligible, or unknown."""
    keys = list(program.requirements)
    if program.graduated_within_years is not None and "graduated_within" not in keys:
        keys.append("graduated_within")  # a limit typed is a requirement, ticked or not
    checks = tuple(check_requirement(k, program, profile, today) for k in keys)
    states = {c.state for c in checks}
    if NEVER in states or MISSING in states:
        return Eligibility(NOT_ELIGIBLE, checks)
    if UNKNOWN in states:
        return Eligibility(ELIGIBILITY_UNKNOWN, checks)
    if AFTER in states:
        last = max(c.when for c in checks if c.when is not None)
        return Eligibility(ELIGIBLE_AFTER, checks, after=last)
    return Eligibility(ELIGIBLE, checks)


def judge(profile: Profile, today: date) -> Callable[[Program], Eligibility]:
    """``eligibility`` against one profile on one day, for many programs: the verdict depends
    only on the requirements asked and the years since graduation allowed, so programs asking
    the same share one verdict, worked out once (a file of 1,000 programs has a few dozen such
    sets; the dashboard and the Programs table judge every program each time they are filled)."""
    known: dict[tuple[tuple[str, ...], int | None], Eligibility] = {}

    def verdict(program: Program) -> Eligibility:
        asked = (tuple(program.requirements), program.graduated_within_years)
        found = known.get(asked)
        if found is None:
            found = known[asked] = eligibility(program, profile, today)
        return found

    return verdict


# --- red flags ------------------------------------------------------------------------------
ASSUMED_WEEKS = 4


def weekly_fee(program: Program, range_end: str = "high end") -> tuple[Decimal, bool] | None:
    """The fee per week and whether the duration was assumed; None without a fee amount. Of a
    range ("500-1,000 a week"), the end the profile counts, as the budget does (the low end had
    kept 1,000 a week under a limit of 500)."""
    if program.fee is None:
        return None
    amount = program.fee_high if range_end == "high end" and program.fee_high is not None \
        else program.fee.amount
    if program.fee_period == "per week":
        return amount, False
    if program.fee_period == "per month":
        return (amount * 12 / 52).quantize(Decimal("0.01")), False
    weeks = program.duration_weeks
    if weeks:
        return (amount / weeks).quantize(Decimal("0.01")), False
    return (amount / ASSUMED_WEEKS).quantize(Decimal("0.01")), True


def red_flags(program: Program, profile: Profile, today: date,
              weekly_limit: Money | None = None) -> list[tuple[str, str]]:
    """(flag, reason) for each warning sign of the program.

    The weekly fee limit is the profile's unless one is given.
    """
    weekly_limit = weekly_limit or profile.weekly_fee_limit
    flags: list[tuple[str, str]] = []
    weekly = weekly_fee(program, profile.fee_range_end)
    if (weekly is not None and program.fee is not None  # (the fee check is for the type checker)
            and program.fee.currency == weekly_limit.currency
            and weekly[0] > weekly_limit.amount and program.academic_affiliation is not True):
        assumed = f" (assuming {ASSUMED_WEEKS} weeks)" if weekly[1] else ""
        flags.append(("high fee", f"about {weekly[0]:,.0f} {program.fee.currency} a week{assumed}, "
                      f"over your limit of {weekly_limit.amount:,.0f}, with no academic affiliation"))
    if not program.supervisor.strip():
        flags.append(("no supervisor", "no named supervisor: ask who will supervise and sign"))
    if program.letter_possible is False:
        flags.append(("no letter", "no letter of recommendation is possible from this program"))
    if program.hands_on == "observer only" and stage(profile, today) == RECENT:
        flags.append(("observer only", "observer only, while hands-on experience is the "
                      "priority for graduates of the last 5 years"))
    if not (program.website or program.contact_email or program.contact_phone):
        flags.append(("no contact", "no website, email or phone to verify the program"))
    if program.deadline_kind == "unknown":
        flags.append(("deadline unknown", "no deadline or lead time is known"))
    if "faculty_sponsor" in program.requirements:
        flags.append(("sponsor needed", "you must find a faculty sponsor or host before applying"))
    if program.duplicate_of:
        flags.append(("possible duplicate", "may be the same program as another of the same name, "
                      "institution and city: M merges them (or keeps both)"))
    return flags


# --- deadlines ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Deadline:
    """A parsed deadline: a date, a lead time before the start, rolling, or unknown.

    A lead time is ``lead_min`` to ``lead_max`` (None: "or more") ``lead_unit``s (days, weeks
    or months) before the start date.
    """

    kind: str  # date / lead time / rolling / unknown
    on: date | None = None
    lead_min: int | None = None
    lead_max: int | None = None
    lead_unit: str = "months"
    needs_review: bool = False

    def describe(self, order: str = "DMY") -> str:
        if self.kind == "date" and self.on:
            return format_date(self.on, order)
        if self.kind == "lead time" and self.lead_min is not None:
            if self.lead_max is None:
                return f"{self.lead_min}+ {self.lead_unit} before start"
            if self.lead_max != self.lead_min:
                return f"{self.lead_min}–{self.lead_max} {self.lead_unit} before start"
            return f"{self.lead_min} {self.lead_unit} before start"
        return self.kind

_LEAD = re.compile(
    r"(?P<low>\d+)\s*(?:(?:-|–|to)\s*(?P<high>\d+))?\s*(?P<plus>\+)?\s*"
    r"(?P<unit>day|week|month)s?\s*(?:in\s+advance|ahead|before|prior|early)", re.I)
_ROLLING = re.compile(r"rolling|year[- ]round|any ?time|open all year|continuous", re.I)


def parse_deadline_text(text: str) -> Deadline:
    """Read a deadline as people write it; anything not clearly understood needs review.

    "Rolling admissions" and "Open year-round" are rolling; "Apply 4-6 months ahead" and
    "apply 90+ days ahead" are lead times; an ISO date is a date; "Applications April 1 -
    June 30 only" (a window without a year) is unknown and marked for review.
    """
    cleaned = text.strip()
    if not cleaned:
        return Deadline("unknown")
    if _ROLLING.search(cleaned):
        return Deadline("rolling")
    match = _LEAD.search(cleaned)
    if match:
        low = int(match["low"])
        high = int(match["high"]) if match["high"] else (None if match["plus"] else low)
        return Deadline("lead time", lead_min=low, lead_max=high, lead_unit=match["unit"].lower() + "s")
    iso = re.fullmatch(r"\d{4}-\d{2}-\d{2}", cleaned)
    if iso:
        try:
            return Deadline("date", on=date.fromisoformat(cleaned))
        except ValueError:
            pass
    return Deadline("unknown", needs_review=True)


def program_deadline(program: Program) -> Deadline:
    """The program's deadline as a ``Deadline`` (from its date, or its text)."""
    if program.deadline_kind == "date" and program.deadline:
        return Deadline("date", on=program.deadline)
    if program.deadline_kind == "rolling":
        return Deadline("rolling")
    return parse_deadline_text(program.deadline_text)


def apply_by(deadline: Deadline, start: date | None) -> date | None:
    """The last day to apply: the fixed date, or the start minus the shortest lead time."""
    if deadline.kind == "date":
        return deadline.on
    if deadline.kind == "lead time" and start is not None and deadline.lead_min is not None:
        amount = deadline.lead_min
        if deadline.lead_unit == "days":
            return start - relativedelta(days=amount)
        if deadline.lead_unit == "weeks":
            return start - relativedelta(weeks=amount)
        return start - relativedelta(months=amount)
    return None


def next_start(program: Program, today: date) -> date | None:
    """The program's first start date from today on (None when none is left)."""
    return min((d for d in program.start_dates if d >= today), default=None)


def program_apply_by(program: Program, today: date, deadline: Deadline | None = None) -> date | None:
    """The last day to apply to the program for its next start (``deadline``: already parsed)."""
    return apply_by(deadline or program_deadline(program), next_start(program, today))


def preparation_window(due: date) -> tuple[date, date]:
    """Start gathering documents 6 months before a deadline, and 3 months at the latest."""
    return due - relativedelta(months=6), due - relativedelta(months=3)


def preparation_late(program: Program, today: date) -> bool:
    """True when the documents should already be in preparation but the program is untouched."""
    due = program_apply_by(program, today)
    if due is None or program.status != "researching":
        return False
    return today >= preparation_window(due)[1]


# --- costs written as text ------------------------------------------------------------------
@dataclass(frozen=True)
class ParsedCost:
    """A fee read from free text: an amount (or the low end of a range and its high end), its
    period, whether the text names its currency, and why it needs a look (empty when it does not).

    Prose with no amount ("Contact program") is no amount and nothing to review: the cost is
    unknown, and the text is kept as written."""

    amount: Money | None
    high: Decimal | None = None
    period: str = "once"
    review: str = ""
    currency_said: bool = True

    @property
    def needs_review(self) -> bool:
        return bool(self.review)


# Currency signs, longest first ("R$" before "$"); ISO codes are read as words.
_SIGNS = (("R$", "BRL"), ("S/.", "PEN"), ("S/", "PEN"), ("Rs.", "INR"), ("Rs", "INR"), ("₹", "INR"),
          ("US$", "USD"), ("$", "USD"), ("€", "EUR"), ("£", "GBP"), ("₦", "NGN"), ("₱", "PHP"),
          ("¥", "JPY"))
# A number as people write it: digits grouped by commas, dots, or spaces before three digits.
_AMOUNT = re.compile(r"(?<![\w.,])-?\d(?:[\d,.]|[ \u00a0\u202f](?=\d{3}(?!\d)))*(?<![.,])")
_TIME_AFTER = re.compile(r"\s*(?:-|to|–)?\s*\d*\s*"
                         r"(?:weeks?|wks?|months?|mos?|days?|years?|yrs?|hours?|hrs?)\b", re.I)
_JOIN = re.compile(r"^\s*(?:-|–|to)\s*(?:[$€£₹]|[A-Z]{3}\s*)?\s*$", re.I)
_FREE = re.compile(r"\b(no fee|free of charge|no cost|free|no charge|none)\b", re.I)


def currencies_in(text: str) -> set[str]:
    """The currencies ``text`` names, by sign or ISO code."""
    found = set()
    rest = text
    for sign, code in _SIGNS:
        if sign in rest:
            found.add(code)
            rest = rest.replace(sign, " ")
    found |= {word.upper() for word in re.findall(r"\b[A-Za-z]{3}\b", rest) if word.upper() in CURRENCIES
              and (word.isupper() or word.lower() in ("usd", "eur", "inr", "gbp", "pen", "ngn", "php"))}
    return found


def parse_cost_text(text: str) -> ParsedCost:
    """Read a fee such as "$5,000 per month", "~$500-1500", "1,50,000 INR", "Rs. 50000" or "No
    fee; observer covers own expenses". An amount is taken only when the text holds one (or one
    range) and one currency at most: "12 or 15", "2+3", "300 USD + 50 EUR" or "-500" are kept as
    text and marked for review, never read in part; so is "1.200" (a thousands dot, or a decimal
    one?). A number of weeks or months ("for 4 weeks") is a duration, not an amount. A range
    keeps both ends; "~$400" is 400 (the text, kept, says it is approximate)."""
    cleaned = text.strip()
    lower = cleaned.lower()
    if not cleaned:
        return ParsedCost(None)
    currencies = currencies_in(cleaned)
    period = ("per month" if re.search(r"per month|/\s*month|/\s*mo\b|monthly|a month", lower)
              else "per week" if re.search(r"per week|/\s*week|/\s*wk\b|weekly|a week", lower) else "once")
    numbers = [m for m in _AMOUNT.finditer(cleaned) if not _TIME_AFTER.match(cleaned, m.end())]
    if not numbers:
        free = _FREE.search(cleaned)
        return ParsedCost(Money(Decimal(0), "USD") if free else None)  # prose: unknown, kept as text
    if len(currencies) > 1:
        return ParsedCost(None, review="names two currencies")
    if any(m.group().startswith("-") for m in numbers):
        return ParsedCost(None, review="is negative")
    if len(numbers) > 2 or (len(numbers) == 2
                            and not _JOIN.match(cleaned[numbers[0].end():numbers[1].start()])):
        return ParsedCost(None, review="holds more than one amount")  # "12 or 15", "2+3"
    values = []
    for match in numbers:
        if re.fullmatch(r"\d{1,3}\.\d{3}", match.group()):
            return ParsedCost(None, review="can be read two ways (a thousands dot, or a decimal one?)")
        plain = plain_number(match.group())
        if plain is None:
            return ParsedCost(None, review=f"{match.group()!r} is not an amount")
        value = Decimal(plain)
        if value >= AMOUNT_LIMIT:
            return ParsedCost(None, review="is too large to be a fee")  # a typing slip
        values.append(value)
    currency = next(iter(currencies), "USD")
    low, high = min(values), max(values)
    return ParsedCost(Money(low, currency), high if high != low else None, period,
                      currency_said=bool(currencies))


# --- status pipeline and materials ----------------------------------------------------------
def change_status(program: Program, status: str, on: date, note: str = "") -> bool:
    """Move the program to ``status`` and record the step; False when nothing changed."""
    if status == program.status and program.history:
        return False
    program.status = status
    program.history.append(StatusChange(status, on, note.strip()))
    return True


MATERIAL_LABELS = {
    "cv": "CV", "personal_statement": "Personal statement", "transcript": "Transcript",
    "mspe": "MSPE / dean's letter", "usmle_transcript": "USMLE transcript",
    "ecfmg_status_report": "ECFMG status report", "english_proof": "English proof",
    "immunization_records": "Immunization records", "health_forms": "Health forms",
    "background_check": "Background check", "malpractice_proof": "Malpractice proof",
}
BASE_MATERIALS = ("cv", "personal_statement", "transcript")
_MATERIALS_FOR = {
    "step1": ("usmle_transcript",), "step2ck": ("usmle_transcript",),
    "ecfmg": ("ecfmg_status_report",), "english": ("english_proof",),
    "immunizations": ("immunization_records", "health_forms"),
    "background_check": ("background_check",), "drug_screen": ("background_check",),
    "malpractice": ("malpractice_proof",), "enrolled_student": ("mspe",), "vslo": ("mspe",),
}


def materials_needed(program: Program) -> list[str]:
    """The checklist of a program: the usual documents, those its requirements call for, and
    any the user added, in the order of ``MATERIALS``."""
    wanted = set(BASE_MATERIALS) | set(program.materials)
    for requirement in program.requirements:
        wanted.update(_MATERIALS_FOR.get(requirement, ()))
    return [key for key in MATERIALS if key in wanted]


def materials_checklist(program: Program) -> list[tuple[str, str, bool]]:
    """(key, label, done) for each item of the program's checklist."""
    return [(key, MATERIAL_LABELS[key], program.materials.get(key, False))
            for key in materials_needed(program)]


def in_target_specialty(program: Program, profile: Profile) -> bool:
    """True when the program's specialty is one the profile targets (any case)."""
    wanted = {s.strip().lower() for s in profile.target_specialties}
    return program.specialty.strip().lower() in wanted


Relinked = list[tuple[Record, Record]]  # (record without the link, the record as it was)


def linked_to(program: Program, letters: Iterable[Letter], entries: Iterable[JournalEntry],
              trips: Iterable[Trip], expenses: Iterable[Expense],
              to: str | None = None, experiences: Iterable[Experience] = (),
              messages: Iterable[Correspondence] = ()) -> tuple[list[str], Relinked]:
    """What points at a program, in words for the dialog, and each of those records linked to
    ``to`` instead, as (changed, original) pairs: deleting a program keeps them, unlinked
    (``to`` None); merging it into another moves them to that one."""
    pairs: Relinked = []
    words: list[str] = []
    mine = [x for x in letters if x.program_id == program.id]
    if mine:
        words.append(f"{counted(len(mine), 'letter')} ({', '.join(x.writer_name for x in mine)})")
        pairs += [(dataclasses.replace(x, program_id=to), x) for x in mine]
    written = [e for e in entries if e.program_id == program.id]
    if written:
        words.append(counted(len(written), "journal entry", "journal entries"))
        pairs += [(dataclasses.replace(e, program_id=to), e) for e in written]
    on = [t for t in trips if program.id in t.program_ids]
    if on:
        words.append(one_or_many(len(on), "the trip ", "the trips ") + ", ".join(t.name for t in on))
        for trip in on:
            ids = [to if p == program.id else p for p in trip.program_ids]
            pairs.append((dataclasses.replace(trip, program_ids=[p for p in dict.fromkeys(ids) if p]), trip))
    costs = [c for c in expenses if c.program_id == program.id]
    if costs:
        words.append(counted(len(costs), "cost"))
        pairs += [(dataclasses.replace(c, program_id=to), c) for c in costs]
    drafted = [x for x in experiences if x.program_id == program.id]
    if drafted:
        words.append(counted(len(drafted), "ERAS experience"))
        pairs += [(dataclasses.replace(x, program_id=to), x) for x in drafted]
    logged = [m for m in messages if m.program_id == program.id]
    if logged:
        words.append(f"{counted(len(logged), 'message')} on Paperwork")
        pairs += [(dataclasses.replace(m, program_id=to), m) for m in logged]
    return words, pairs


def joined_text(one: str, other: str, between: str = "\n\n") -> str:
    """Two texts as one, each kept once."""
    if not other.strip() or other.strip() in one:
        return one
    return other if not one.strip() else f"{one}{between}{other}"


def program_labels(programs: Iterable[Program]) -> dict[str | None, str]:
    """Each program's name as a list shows it: with its institution, or else its type, city and
    cost, where two programs share a name, so that the two can be told apart."""
    programs = list(programs)
    count: dict[str, int] = {}
    for program in programs:
        count[program.name.lower()] = count.get(program.name.lower(), 0) + 1
    labels: dict[str | None, str] = {}
    for program in programs:
        label = program.name
        if count[program.name.lower()] > 1:
            fee = "" if program.fee is None else f"{program.fee.amount:,.0f} {program.fee.currency}"
            parts = [program.type, program.city, fee]
            label += " (" + ", ".join(x for x in parts if x) + ")"
        labels[program.id] = label
    return labels


def program_options(programs: Iterable[Program]) -> tuple[tuple[str, str], ...]:
    """(label, id) of each program, for a dropdown or a checklist (see ``program_labels``)."""
    return tuple((label, str(pid)) for pid, label in program_labels(programs).items())
