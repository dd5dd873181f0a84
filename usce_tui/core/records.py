"""Typed records for every table, and the vocabularies their fields take.

Money is ``Decimal`` with a currency code, dates are ``datetime.date``; the codec stores both as
strings. Nothing here imports textual.
"""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar, Self, TypeVar

from usce_tui.core.codec import decode_record, encode
from usce_tui.core.parse import counted
from usce_tui.core.values import CURRENCIES, ExchangeRate, Money, StatusChange

# --- vocabularies ---------------------------------------------------------------------------
DATE_ORDERS = ("DMY", "MDY")
EXAM_STATUSES = ("not taken", "scheduled", "passed", "failed")
ECFMG_STATUSES = ("not started", "in progress", "certified")
ENGLISH_TESTS = ("none", "TOEFL", "OET", "exempt")
ENGLISH_STATUSES = ("not taken", "scheduled", "passed")
VISAS = ("none yet", "B1/B2 visitor", "J-1", "F-1", "H-1B", "ESTA (visa waiver)",
         "U.S. citizen / green card", "other")
PROGRAM_TYPES = ("clerkship/elective", "externship", "observership", "research", "other")
HANDS_ON = ("hands-on", "observer only", "mixed", "unknown")
FEE_PERIODS = ("once", "per week", "per month")
FEE_RANGE_ENDS = ("high end", "low end")  # which end of "$500-1,000" the budget counts
DEADLINE_KINDS = ("date", "lead time", "rolling", "unknown")
PROGRAM_STATUSES = ("researching", "preparing", "applied", "interview", "accepted",
                    "declined", "rejected", "completed", "withdrawn")
REQUIREMENTS = ("step1", "step2ck", "ecfmg", "english", "malpractice", "immunizations",
                "background_check", "drug_screen", "hipaa", "enrolled_student",
                "graduated_within", "vslo", "health_insurance", "faculty_sponsor", "us_school_only",
                "us_citizen_only")
# Visa types a program accepts, as programs write them ("| Visa: B1/B2, J1").
VISA_TYPES = ("B1/B2", "J-1", "F-1", "H-1B", "ESTA")
MATERIALS = ("cv", "personal_statement", "transcript", "mspe", "usmle_transcript",
             "ecfmg_status_report", "english_proof", "immunization_records", "health_forms",
             "background_check", "malpractice_proof")
EXPENSE_CATEGORIES = ("application fee", "program fee", "visa/SEVIS", "flights",
                      "local transport", "housing", "daily living", "insurance",
                      "exams and documents", "other", "funding")
RECURRENCES = ("once", "per day", "per week", "per month")
EXPENSE_STATES = ("planned", "actual")
LETTER_TYPES = ("specialty", "general", "department chair", "standardized")
LETTER_STATUSES = ("identified", "requested", "agreed", "materials sent", "uploaded",
                   "thanked", "declined")
DOCUMENT_KINDS = ("CV", "personal statement", "medical school transcript", "MSPE / dean's letter",
                  "diploma", "USMLE transcript", "ECFMG status report / certificate", "English test report",
                  "immunization records", "TB test", "chest X-ray", "flu vaccine", "COVID vaccine",
                  "BLS / ACLS", "background check", "drug screen", "HIPAA training certificate",
                  "malpractice insurance", "health insurance", "passport", "visa", "photo",
                  "letter of good standing", "other")
DOCUMENT_STATUSES = ("missing", "requested", "have it", "sent")
DIRECTIONS = ("sent", "received")
CHANNELS = ("email", "call", "portal", "other")
TRIP_VISAS = ("not set", "B1/B2", "J-1", "F-1", "ESTA (visa waiver)", "none needed", "other")
# ERAS's own lists for an experience (AAMC, MyERAS "Experiences", 2025 season onward).
EXPERIENCE_TYPES = ("Education/training", "Military service", "Professional organization",
                    "Other extracurricular activity, club, hobby", "Research", "Teaching/mentoring",
                    "Volunteer/service/advocacy", "Work")
FOCUS_AREAS = ("Basic science", "Clinical/translational science", "Community involvement/outreach",
               "Customer service", "Healthcare administration", "Improving access to health care",
               "Medical education", "Music/athletics/art", "Promoting wellness", "Public health",
               "Quality improvement", "Social justice and advocacy")
KEY_CHARACTERISTICS = ("Communication", "Critical thinking and problem solving",
                       "Cultural humility and awareness", "Empathy and compassion",
                       "Ethical responsibility", "Ingenuity and innovation",
                       "Reliability and dependability", "Resilience and adaptability",
                       "Self-reflection and improvement", "Teamwork and leadership")
FREQUENCIES = ("One time", "Daily", "Weekly", "Monthly", "Quarterly", "Annually")
SETTINGS = ("Rural", "Suburban", "Urban")
THEMES_DEFAULT = "textual-dark"


def _shown(value: Any) -> str:
    """A wrong value as a problem names it: quoted when it is a short word, else only its kind (a
    long text in the wrong field may be private: it stays out of terminals and logs)."""
    if isinstance(value, str) and len(value) <= 24 and "\n" not in value:
        return repr(value)
    if isinstance(value, str):
        return f"(a text of {len(value)} characters)"
    return f"(a {type(value).__name__} value)"


_STORED: dict[type, tuple[str, ...]] = {}


def _stored_names(cls: type) -> tuple[str, ...]:
    """The fields of a record class that are stored (all but its key and the unknown extras)."""
    if cls not in _STORED:
        _STORED[cls] = tuple(f.name for f in dataclasses.fields(cls) if f.name not in ("id", "extra"))
    return _STORED[cls]


_R = TypeVar("_R", bound="Record")
_DEFAULTS: dict[type, tuple[tuple[str, Any, Any], ...]] = {}


def _defaults(cls: type) -> tuple[tuple[str, Any, Any], ...]:
    """(name, default, default factory) of each stored field of a record class."""
    if cls not in _DEFAULTS:
        _DEFAULTS[cls] = tuple((f.name, f.default, f.default_factory) for f in dataclasses.fields(cls)
                               if f.name not in ("id", "extra"))
    return _DEFAULTS[cls]


def _built(cls: type[_R], doc_id: str | None, extra: dict[str, Any], values: dict[str, Any]) -> _R:
    """A record of ``cls`` with these decoded values, as its ``__init__`` would build it, the
    fields missing from ``values`` at their defaults. The dataclass's ``__init__`` matches its
    forty keyword arguments one by one: called for each of a large file's records it took
    half their decoding (14 ms of the dashboard's first frame for 1,000 programs)."""
    if hasattr(cls, "__post_init__"):  # a record with its own step after __init__ gets it
        return cls(id=doc_id, extra=extra, **values)
    record = object.__new__(cls)
    state = record.__dict__
    state["id"], state["extra"] = doc_id, extra
    if len(values) < len(_defaults(cls)):  # a field missing: an older or hand-edited record
        for name, default, factory in _defaults(cls):
            if name not in values:
                state[name] = default if factory is dataclasses.MISSING else factory()
    state.update(values)
    return record


_VOCAB_SETS: dict[type, tuple[tuple[str, tuple[str, ...], frozenset[Any]], ...]] = {}


def _vocab_sets(cls: type) -> tuple[tuple[str, tuple[str, ...], frozenset[Any]], ...]:
    """(field, its words in order, the same as a set) for each field of ``cls`` with a vocabulary."""
    if cls not in _VOCAB_SETS:
        vocab: dict[str, tuple[str, ...]] = getattr(cls, "VOCAB", {})
        _VOCAB_SETS[cls] = tuple((name, words, frozenset(words)) for name, words in vocab.items())
    return _VOCAB_SETS[cls]


_MONEY: dict[type, tuple[str, ...]] = {}


def _money_names(cls: type) -> tuple[str, ...]:
    """The fields of a record class that may hold money (checked on every record decoded)."""
    if cls not in _MONEY:
        hints = typing.get_type_hints(cls)
        _MONEY[cls] = tuple(f.name for f in dataclasses.fields(cls) if "Money" in str(hints[f.name]))
    return _MONEY[cls]


# --- records --------------------------------------------------------------------------------
@dataclass
class Record:
    """Fields every stored record has; subclasses name their table."""

    TABLE: ClassVar[str] = ""
    id: str | None = None  # a UUID (the profile's is "1"), the key of the record in its table
    created: str = ""
    updated: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready form; ``id`` is the record's key in its table and is not stored inside."""
        out = dict(self.extra)
        out.update({name: encode(getattr(self, name)) for name in _stored_names(type(self))})
        return out

    @classmethod
    def from_dict(cls, raw: dict[str, Any], doc_id: str | None = None) -> Self:
        """Build from stored JSON; unknown keys are kept in ``extra`` so nothing is lost."""
        values, extra = decode_record(cls, raw)
        return _built(cls, doc_id, extra, values)

    def unusable(self) -> list[str]:
        """What makes this record unusable by the app's rules (a value outside its vocabulary, a
        currency that is not a code): such a record is shown as damaged until mended."""
        out: list[str] = []
        state = self.__dict__
        for name, choices, allowed in _vocab_sets(type(self)):  # checked for every record read
            value = state[name]
            if value.__class__ is list:
                out += [f"{name} {_shown(v)} is not one of: {', '.join(choices)}"
                        for v in value if v not in allowed]
            elif value not in allowed:
                out.append(f"{name} {_shown(value)} is not one of: {', '.join(choices)}")
        for name in _money_names(type(self)):
            money = state[name]
            if isinstance(money, Money) and money.currency not in CURRENCIES:
                out.append(f"currency {_shown(money.currency)} is not an ISO 4217 code")
        return out

    def problems(self) -> list[str]:
        """What is wrong with this record (vocabulary, currency, amounts); empty when sound."""
        return self.unusable() + [f"amount {money.amount} is negative"
                                  for money in self._money() if money.amount < 0]

    VOCAB: ClassVar[dict[str, tuple[str, ...]]] = {}

    def _money(self) -> list[Money]:
        return [v for name in _money_names(type(self)) if isinstance(v := getattr(self, name), Money)]


@dataclass
class Profile(Record):
    """The user: who they are, their exams and certification, and their preferences."""

    TABLE: ClassVar[str] = "profile"
    name: str = ""
    home_country: str = ""
    home_currency: str = "USD"
    graduation_date: date | None = None
    target_specialties: list[str] = field(default_factory=list)
    step1_status: str = "not taken"
    step1_date: date | None = None
    step2ck_status: str = "not taken"
    step2ck_date: date | None = None
    ecfmg_status: str = "not started"
    ecfmg_date: date | None = None
    english_test: str = "none"
    english_status: str = "not taken"
    english_date: date | None = None
    visa: str = "none yet"
    date_order: str = "DMY"
    theme: str = THEMES_DEFAULT
    weekly_fee_limit: Money = field(default_factory=lambda: Money(Decimal("500"), "USD"))
    letter_reminder_days: int = 14
    fee_range_end: str = "high end"
    budget_total: Money | None = None
    exchange_rates: list[ExchangeRate] = field(default_factory=list)

    VOCAB: ClassVar[dict[str, tuple[str, ...]]] = {
        "step1_status": EXAM_STATUSES, "step2ck_status": EXAM_STATUSES,
        "ecfmg_status": ECFMG_STATUSES, "english_test": ENGLISH_TESTS,
        "english_status": ENGLISH_STATUSES, "visa": VISAS, "date_order": DATE_ORDERS,
        "fee_range_end": FEE_RANGE_ENDS,
    }

    def unusable(self) -> list[str]:
        out = super().unusable()
        if self.home_currency not in CURRENCIES:
            out.append(f"home currency {_shown(self.home_currency)} is not an ISO 4217 code")
        for rate in self.exchange_rates:
            if rate.currency not in CURRENCIES or rate.per_usd <= 0:
                out.append(f"exchange rate {_shown(rate.currency)} {rate.per_usd} is not usable")
        return out


@dataclass
class Program(Record):
    """One USCE opportunity: what it is, what it needs, what it costs, and where it stands."""

    TABLE: ClassVar[str] = "programs"
    name: str = ""
    institution: str = ""
    city: str = ""
    state: str = ""
    website: str = ""
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    type: str = "other"
    specialty: str = ""
    hands_on: str = "unknown"
    duration_weeks: int | None = None
    duration_max_weeks: int | None = None  # the high end of "2-4 weeks"
    duration_text: str = ""  # as written, when not a plain number of weeks ("Variable")
    fee: Money | None = None
    fee_high: Decimal | None = None  # the high end of a range ("$500-1,000"), in the fee's currency
    fee_period: str = "once"
    fee_text: str = ""
    deadline_kind: str = "unknown"
    deadline: date | None = None
    deadline_text: str = ""
    start_dates: list[date] = field(default_factory=list)
    requirements: list[str] = field(default_factory=list)
    graduated_within_years: int | None = None
    # the eligibility as the program writes it (prose, or phrases the app does not check)
    eligibility_text: str = ""
    visas: list[str] = field(default_factory=list)  # visa types accepted
    visa_support: bool | None = None  # the institution sponsors a visa (J-1)
    academic_affiliation: bool | None = None
    supervisor: str = ""
    letter_possible: bool | None = None
    source_checked: date | None = None  # when the listing was last checked at its source
    # how recent a document must be at the start, in days, by document kind ("TB test": 180)
    document_ages: dict[str, int] = field(default_factory=dict)
    duplicate_of: str | None = None  # a program this one may duplicate (same name, place, city)
    status: str = "researching"
    history: list[StatusChange] = field(default_factory=list)
    materials: dict[str, bool] = field(default_factory=dict)
    needs_review: bool = False
    review_notes: str = ""
    notes: str = ""

    VOCAB: ClassVar[dict[str, tuple[str, ...]]] = {
        "type": PROGRAM_TYPES, "hands_on": HANDS_ON, "fee_period": FEE_PERIODS,
        "deadline_kind": DEADLINE_KINDS, "status": PROGRAM_STATUSES, "requirements": REQUIREMENTS,
        "visas": VISA_TYPES,
    }

    def unusable(self) -> list[str]:
        out = super().unusable()
        if self.duration_weeks is not None and self.duration_weeks < 1:
            out.append(f"duration_weeks {self.duration_weeks} is not a number of weeks")
        if self.duration_max_weeks is not None and self.duration_max_weeks < (self.duration_weeks or 1):
            out.append(f"duration_max_weeks {self.duration_max_weeks} is below the duration")
        bad = [kind for kind, days in self.document_ages.items()
               if kind not in DOCUMENT_KINDS or type(days) is not int or days < 0]
        if bad:
            out.append(f"document_ages: {counted(len(bad), 'entry', 'entries')} not a document kind "
                       "with a number of days")
        return out

    def problems(self) -> list[str]:
        out = super().problems()
        out += [f"material {_shown(key)} is not one of: {', '.join(MATERIALS)}"
                for key in self.materials if key not in MATERIALS]
        if self.fee_high is not None and (self.fee is None or self.fee_high < self.fee.amount):
            out.append(f"fee_high {self.fee_high} is below the fee")
        return out


@dataclass
class Trip(Record):
    """One journey to the U.S., possibly combining several rotations."""

    TABLE: ClassVar[str] = "trips"
    name: str = ""
    city: str = ""
    arrival: date | None = None
    departure: date | None = None
    program_ids: list[str] = field(default_factory=list)
    notes: str = ""
    # the visa for the trip, and its dated steps
    visa: str = "not set"
    ds160_on: date | None = None  # DS-160 submitted
    visa_fee_paid_on: date | None = None
    visa_interview_on: date | None = None
    visa_issued_on: date | None = None
    visa_valid_until: date | None = None
    visa_margin_days: int = 21  # the interview must leave at least this many days before arrival
    visa_fee: Money | None = None  # the MRV fee, a cost of this trip in the budget
    sevis_fee: Money | None = None  # the SEVIS I-901 fee (J-1, F-1)

    VOCAB: ClassVar[dict[str, tuple[str, ...]]] = {"visa": TRIP_VISAS}

    def problems(self) -> list[str]:
        out = super().problems()
        if self.arrival and self.departure and self.departure < self.arrival:
            out.append("departure is before arrival")
        if self.visa_margin_days < 0:
            out.append("visa_margin_days is negative")
        return out


@dataclass
class Expense(Record):
    """One cost line of a trip and/or a program (funding reduces the total)."""

    TABLE: ClassVar[str] = "expenses"
    trip_id: str | None = None
    program_id: str | None = None
    category: str = "other"
    description: str = ""
    amount: Money = field(default_factory=lambda: Money(Decimal(0), "USD"))
    recurrence: str = "once"
    state: str = "planned"
    notes: str = ""

    VOCAB: ClassVar[dict[str, tuple[str, ...]]] = {
        "category": EXPENSE_CATEGORIES, "recurrence": RECURRENCES, "state": EXPENSE_STATES,
    }


@dataclass
class Letter(Record):
    """One letter of recommendation, from the first idea to the thank-you."""

    TABLE: ClassVar[str] = "letters"
    writer_name: str = ""
    title: str = ""
    email: str = ""
    specialty: str = ""
    institution: str = ""
    program_id: str | None = None
    letter_type: str = "specialty"
    status: str = "identified"
    history: list[StatusChange] = field(default_factory=list)
    waived: bool = True
    eras_letter_id: str = ""
    assigned_to: list[str] = field(default_factory=list)  # residency programs, as named in ERAS
    materials_sent: list[str] = field(default_factory=list)
    reminded: list[date] = field(default_factory=list)  # follow-ups the user has sent
    notes: str = ""

    VOCAB: ClassVar[dict[str, tuple[str, ...]]] = {
        "letter_type": LETTER_TYPES, "status": LETTER_STATUSES,
    }


@dataclass
class JournalEntry(Record):
    """One day's reflection during (or around) a rotation."""

    TABLE: ClassVar[str] = "journal"
    date: date | None = None
    time: str = ""
    program_id: str | None = None
    title: str = ""
    body: str = ""
    tags: list[str] = field(default_factory=list)
    starred: bool = False
    # saved through the editor's privacy check: what it holds was seen and kept knowingly
    # (an imported entry's text was never looked at, so its first edit shows every finding)
    privacy_checked: bool = False


@dataclass
class Document(Record):
    """One document the applicant holds or needs: where its file lives (the app keeps no file),
    when it was obtained and when it expires (given, or derived from its kind)."""

    TABLE: ClassVar[str] = "documents"
    kind: str = "other"
    note: str = ""  # a version or a note ("IGRA, negative"; "v3, for surgery")
    obtained: date | None = None
    expires: date | None = None  # as given; blank: derived from the kind, or none
    location: str = ""  # a path or a link
    status: str = "missing"

    VOCAB: ClassVar[dict[str, tuple[str, ...]]] = {"kind": DOCUMENT_KINDS, "status": DOCUMENT_STATUSES}

    def problems(self) -> list[str]:
        out = super().problems()
        if self.obtained and self.expires and self.expires < self.obtained:
            out.append("expires before it was obtained")
        return out


@dataclass
class Correspondence(Record):
    """One email or call with a program: who, when, which way, what was said, and the next
    follow-up the user set."""

    TABLE: ClassVar[str] = "correspondence"
    program_id: str | None = None
    on: date | None = None
    direction: str = "sent"
    channel: str = "email"
    who: str = ""
    summary: str = ""
    follow_up: date | None = None  # set by the user; blank: suggested after 10 working days

    VOCAB: ClassVar[dict[str, tuple[str, ...]]] = {"direction": DIRECTIONS, "channel": CHANNELS}


@dataclass
class Experience(Record):
    """One experience for the Experiences section of the ERAS application: drafted from a
    rotation (``program_id``) or free-standing (research, volunteering, teaching)."""

    TABLE: ClassVar[str] = "experiences"
    program_id: str | None = None
    title: str = ""  # position title
    organization: str = ""
    start: date | None = None
    end: date | None = None  # blank: ongoing
    frequency: str = ""
    location: str = ""  # city, state, country
    setting: str = ""
    kind: str = "Education/training"  # the experience type
    focus: str = ""  # primary focus area (optional in ERAS)
    characteristic: str = ""  # key characteristic (optional in ERAS)
    supervisor: str = ""
    description: str = ""  # major activities and responsibilities, within 750 characters
    selected: bool = True  # one of the (at most 10) sent in ERAS
    meaningful: bool = False  # one of the (at most 3) most meaningful
    reflection: str = ""  # why it was meaningful, within 300 characters
    privacy_checked: bool = False  # saved through the privacy check (as a journal entry is)

    VOCAB: ClassVar[dict[str, tuple[str, ...]]] = {
        "kind": EXPERIENCE_TYPES, "frequency": ("", *FREQUENCIES), "setting": ("", *SETTINGS),
        "focus": ("", *FOCUS_AREAS), "characteristic": ("", *KEY_CHARACTERISTICS),
    }

    def problems(self) -> list[str]:
        out = super().problems()
        if self.start and self.end and self.end < self.start:
            out.append("ends before it starts")
        return out


@dataclass
class Question(Record):
    """One interview question, the stories (starred journal entries) that answer it, a practice
    note and the last day it was practised."""

    TABLE: ClassVar[str] = "questions"
    text: str = ""
    stories: list[str] = field(default_factory=list)  # journal entry ids
    note: str = ""
    practised: date | None = None


RECORD_TYPES: tuple[type[Record], ...] = (Profile, Program, Trip, Expense, Letter, JournalEntry,
                                          Document, Correspondence, Experience, Question)
TABLES: tuple[str, ...] = tuple(r.TABLE for r in RECORD_TYPES)
