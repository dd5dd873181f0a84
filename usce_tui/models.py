"""Typed records for every table, their JSON codec, and parsing of what users type.

Money is ``Decimal`` with a currency code, dates are ``datetime.date``; both are stored as
strings. Parsers raise ``FieldError`` naming the field and the reason. Nothing here imports textual.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar, Self

SCHEMA_VERSION = 1
META = "meta"


def schema_version(doc: dict[str, Any]) -> int:
    """The schema version a data document says it has (0 when it says nothing, -1 if garbled)."""
    meta = doc.get(META, {}).get("1", {})
    version = meta.get("schema_version", 0) if isinstance(meta, dict) else -1
    return version if isinstance(version, int) and not isinstance(version, bool) else -1

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
DEADLINE_KINDS = ("date", "lead time", "rolling", "unknown")
PROGRAM_STATUSES = ("researching", "preparing", "applied", "interview", "accepted",
                    "declined", "rejected", "completed", "withdrawn")
REQUIREMENTS = ("step1", "step2ck", "ecfmg", "english", "malpractice", "immunizations",
                "background_check", "drug_screen", "hipaa", "enrolled_student",
                "graduated_within", "vslo")
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
THEMES_DEFAULT = "textual-dark"

# ISO 4217 active codes (2024), so a typo such as "USS" is refused rather than stored.
CURRENCIES = frozenset("""
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN
BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS
GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW
KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD
NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD
SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES
VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWG
""".split())


# --- errors ---------------------------------------------------------------------------------
class FieldError(ValueError):
    """A value the user typed that cannot be accepted; names the field and the reason."""

    def __init__(self, field_name: str, reason: str) -> None:
        super().__init__(f"{field_name}: {reason}")
        self.field = field_name
        self.reason = reason


class FormErrors(ValueError):
    """Every field error of one form at once, keyed by field id."""

    def __init__(self, errors: dict[str, FieldError]) -> None:
        super().__init__("; ".join(str(e) for e in errors.values()))
        self.errors = errors


# --- parsers for user text ------------------------------------------------------------------
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL = re.compile(r"^(https?://)?[\w-]+(\.[\w-]+)+(:\d+)?(/\S*)?$", re.IGNORECASE)
_AMOUNT = re.compile(r"^\d+(\.\d{1,2})?$")


def parse_date(text: str, order: str = "DMY", field_name: str = "Date") -> date | None:
    """Parse a typed date honouring the user's date order; blank gives None.

    ``03/04/2027`` is 3 April for a DMY user and March 4 for an MDY user; ISO ``2027-04-03``
    is read the same by both. A date without a year, or one that does not exist, is refused.
    """
    text = text.strip()
    if not text:
        return None
    if _ISO_DATE.match(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise FieldError(field_name, f"{text!r} is not a real date") from None
    from dateutil import parser as dateparser  # imported on first use: it is slow to load

    dayfirst = order == "DMY"
    try:
        first = dateparser.parse(text, dayfirst=dayfirst, default=datetime(2000, 1, 1))
        second = dateparser.parse(text, dayfirst=dayfirst, default=datetime(2001, 2, 2))
    except (ValueError, OverflowError) as exc:
        reason = "is not a real date" if "range" in str(exc) else "is not a date"
        raise FieldError(field_name, f"{text!r} {reason}") from None
    if first != second:
        raise FieldError(field_name, f"{text!r} needs a day, a month and a year")
    return first.date()


def format_date(value: date | None, order: str = "DMY") -> str:
    """Show a date the way the user types them (DD/MM/YYYY or MM/DD/YYYY)."""
    if value is None:
        return ""
    return value.strftime("%d/%m/%Y" if order == "DMY" else "%m/%d/%Y")


def parse_currency(text: str, field_name: str = "Currency") -> str:
    """An ISO 4217 code such as USD or INR, in any case."""
    code = text.strip().upper()
    if code not in CURRENCIES:
        raise FieldError(field_name, f"{text.strip()!r} is not a currency code (e.g. USD, EUR, INR)")
    return code


def parse_amount(text: str, field_name: str = "Amount", *, allow_blank: bool = True) -> Decimal | None:
    """A non-negative amount with at most two decimals; thousands commas and $ are accepted."""
    cleaned = text.strip().replace(",", "").replace("$", "").replace(" ", "")
    if not cleaned:
        if allow_blank:
            return None
        raise FieldError(field_name, "is required")
    if cleaned.startswith("-"):
        raise FieldError(field_name, f"{text.strip()!r} is negative; amounts are zero or more")
    if not _AMOUNT.match(cleaned):
        raise FieldError(field_name, f"{text.strip()!r} is not an amount (e.g. 1500 or 1,500.50)")
    try:
        return Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the regex already guards this
        raise FieldError(field_name, f"{text.strip()!r} is not an amount") from None


def parse_money(amount: str, currency: str, field_name: str = "Amount") -> Money | None:
    """Amount and currency together; a blank amount gives None."""
    value = parse_amount(amount, field_name)
    if value is None:
        return None
    return Money(value, parse_currency(currency, f"{field_name} currency"))


def parse_money_text(text: str, field_name: str, default_currency: str = "USD") -> Money:
    """An amount with an optional currency code after it, such as "500" or "500 USD"."""
    parts = text.strip().rsplit(None, 1)
    if len(parts) == 2 and parts[1].isalpha():
        amount_text, currency = parts
    else:
        amount_text, currency = text, default_currency
    amount = parse_amount(amount_text, field_name, allow_blank=False)
    return Money(Decimal(0) if amount is None else amount, parse_currency(currency, f"{field_name} currency"))


def parse_days(text: str, field_name: str, low: int = 1, high: int = 90) -> int:
    """A whole number of days between ``low`` and ``high``."""
    cleaned = text.strip().removesuffix("days").strip()
    if not cleaned.isdigit() or not low <= int(cleaned) <= high:
        raise FieldError(field_name, f"{text.strip()!r} is not a number of days from {low} to {high}")
    return int(cleaned)


def parse_email(text: str, field_name: str = "Email") -> str:
    """An email address (or blank)."""
    text = text.strip()
    if text and not _EMAIL.match(text):
        raise FieldError(field_name, f"{text!r} is not an email address (name@example.org)")
    return text


def parse_url(text: str, field_name: str = "Website") -> str:
    """A web address (or blank); ``https://`` is added when missing."""
    text = text.strip()
    if not text:
        return ""
    if not _URL.match(text):
        raise FieldError(field_name, f"{text!r} is not a web address (example.org/page)")
    return text if re.match(r"^https?://", text, re.I) else f"https://{text}"


def parse_choice(text: str, choices: tuple[str, ...], field_name: str) -> str:
    """One of a fixed vocabulary, matched without regard to case."""
    for choice in choices:
        if text.strip().lower() == choice.lower():
            return choice
    raise FieldError(field_name, f"{text!r} is not one of: {', '.join(choices)}")


def parse_list(text: str) -> list[str]:
    """Comma- or semicolon-separated words, trimmed, duplicates dropped, order kept."""
    seen: dict[str, None] = {}
    for part in re.split(r"[,;]", text):
        part = part.strip()
        if part and part.lower() not in {s.lower() for s in seen}:
            seen[part] = None
    return list(seen)


# --- records --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Money:
    """An amount in one currency; never added to another currency without a rate."""

    amount: Decimal
    currency: str

    def __str__(self) -> str:
        return f"{self.amount:,.2f} {self.currency}"


@dataclass
class StatusChange:
    """One dated step of a status history."""

    status: str
    on: date
    note: str = ""


@dataclass
class ExchangeRate:
    """How many units of ``currency`` one U.S. dollar buys, as the user entered it on a date."""

    currency: str
    per_usd: Decimal
    on: date


@dataclass
class Record:
    """Fields every stored record has; subclasses name their table."""

    TABLE: ClassVar[str] = ""
    id: int | None = None
    created: str = ""
    updated: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready form; ``id`` is the TinyDB document id and is not stored inside."""
        out = {k: _encode(v) for k, v in self._items().items()}
        out.pop("id", None)
        extra = out.pop("extra", {})
        return {**extra, **out}

    def _items(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}

    @classmethod
    def from_dict(cls, raw: dict[str, Any], doc_id: int | None = None) -> Self:
        """Build from stored JSON; unknown keys are kept in ``extra`` so nothing is lost."""
        hints = _fields(cls)
        plain = _plain_fields(cls)
        values: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        for key, value in raw.items():
            if type(value) is plain.get(key):  # a str, bool or int field holding just that
                values[key] = value
            elif key in hints and key not in ("id", "extra"):
                values[key] = _decode(hints[key], value, key)
            else:
                extra[key] = value
        return cls(id=doc_id, extra=extra, **values)

    def problems(self) -> list[str]:
        """What is wrong with this record (vocabulary, currency); empty when it is sound."""
        out: list[str] = []
        for name, choices in self.VOCAB.items():
            value = getattr(self, name)
            values = value if isinstance(value, list) else [value]
            for v in values:
                if v not in choices:
                    out.append(f"{name} {v!r} is not one of: {', '.join(choices)}")
        for money in self._money():
            if money.currency not in CURRENCIES:
                out.append(f"currency {money.currency!r} is not an ISO 4217 code")
            if money.amount < 0:
                out.append(f"amount {money.amount} is negative")
        return out

    VOCAB: ClassVar[dict[str, tuple[str, ...]]] = {}

    def _money(self) -> list[Money]:
        return [v for v in self._items().values() if isinstance(v, Money)]


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
    budget_total: Money | None = None
    exchange_rates: list[ExchangeRate] = field(default_factory=list)

    VOCAB: ClassVar[dict[str, tuple[str, ...]]] = {
        "step1_status": EXAM_STATUSES, "step2ck_status": EXAM_STATUSES,
        "ecfmg_status": ECFMG_STATUSES, "english_test": ENGLISH_TESTS,
        "english_status": ENGLISH_STATUSES, "visa": VISAS, "date_order": DATE_ORDERS,
    }

    def problems(self) -> list[str]:
        out = super().problems()
        if self.home_currency not in CURRENCIES:
            out.append(f"home currency {self.home_currency!r} is not an ISO 4217 code")
        for rate in self.exchange_rates:
            if rate.currency not in CURRENCIES or rate.per_usd <= 0:
                out.append(f"exchange rate {rate.currency} {rate.per_usd} is not usable")
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
    fee: Money | None = None
    fee_period: str = "once"
    fee_text: str = ""
    deadline_kind: str = "unknown"
    deadline: date | None = None
    deadline_text: str = ""
    start_dates: list[date] = field(default_factory=list)
    requirements: list[str] = field(default_factory=list)
    graduated_within_years: int | None = None
    academic_affiliation: bool | None = None
    supervisor: str = ""
    letter_possible: bool | None = None
    status: str = "researching"
    history: list[StatusChange] = field(default_factory=list)
    materials: dict[str, bool] = field(default_factory=dict)
    needs_review: bool = False
    review_notes: str = ""
    notes: str = ""

    VOCAB: ClassVar[dict[str, tuple[str, ...]]] = {
        "type": PROGRAM_TYPES, "hands_on": HANDS_ON, "fee_period": FEE_PERIODS,
        "deadline_kind": DEADLINE_KINDS, "status": PROGRAM_STATUSES, "requirements": REQUIREMENTS,
    }

    def problems(self) -> list[str]:
        out = super().problems()
        out += [f"material {key!r} is not one of: {', '.join(MATERIALS)}"
                for key in self.materials if key not in MATERIALS]
        return out


@dataclass
class Trip(Record):
    """One journey to the U.S., possibly combining several rotations."""

    TABLE: ClassVar[str] = "trips"
    name: str = ""
    city: str = ""
    arrival: date | None = None
    departure: date | None = None
    program_ids: list[int] = field(default_factory=list)
    notes: str = ""

    def problems(self) -> list[str]:
        out = super().problems()
        if self.arrival and self.departure and self.departure < self.arrival:
            out.append("departure is before arrival")
        return out


@dataclass
class Expense(Record):
    """One cost line of a trip and/or a program (funding reduces the total)."""

    TABLE: ClassVar[str] = "expenses"
    trip_id: int | None = None
    program_id: int | None = None
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
    program_id: int | None = None
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
    program_id: int | None = None
    title: str = ""
    body: str = ""
    tags: list[str] = field(default_factory=list)
    starred: bool = False


RECORD_TYPES: tuple[type[Record], ...] = (Profile, Program, Trip, Expense, Letter, JournalEntry)
TABLES: tuple[str, ...] = tuple(r.TABLE for r in RECORD_TYPES)


# --- codec ----------------------------------------------------------------------------------
_HINTS: dict[type, dict[str, Any]] = {}


def _fields(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        hints = typing.get_type_hints(cls)
        _HINTS[cls] = {f.name: hints[f.name] for f in dataclasses.fields(cls)}
    return _HINTS[cls]


_PLAIN: dict[type, dict[str, type]] = {}


def _plain_fields(cls: type) -> dict[str, type]:
    """The fields typed exactly str, bool or int: decoding them is a type check."""
    if cls not in _PLAIN:
        _PLAIN[cls] = {k: h for k, h in _fields(cls).items() if h in (str, bool, int)}
    return _PLAIN[cls]


def _encode(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Money):
        return {"amount": str(value.amount), "currency": value.currency}
    if dataclasses.is_dataclass(value):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    return value


def _decode(hint: Any, raw: Any, name: str) -> Any:
    """Turn stored JSON into the annotated type; raise ``ValueError`` naming the field."""
    try:
        return _decoder(hint)(raw)
    except (TypeError, KeyError, ValueError, InvalidOperation, AttributeError):
        raise ValueError(f"field {name!r} has a bad value {raw!r}") from None


_DECODERS: dict[Any, Callable[[Any], Any]] = {}


def _exactly(kind: type) -> Callable[[Any], Any]:
    def check(raw: Any) -> Any:
        if type(raw) is not kind:
            raise TypeError
        return raw
    return check


def _decoder(hint: Any) -> Callable[[Any], Any]:
    """A function that decodes one stored value of type ``hint`` (built once per type)."""
    if hint in _DECODERS:
        return _DECODERS[hint]
    origin = typing.get_origin(hint)
    decode: Callable[[Any], Any]
    if origin in (typing.Union, types.UnionType):
        inner = _decoder(next(a for a in typing.get_args(hint) if a is not type(None)))
        decode = lambda raw: None if raw is None else inner(raw)  # noqa: E731
    elif origin is list:
        item = _decoder(typing.get_args(hint)[0])
        decode = lambda raw: [item(v) for v in raw]  # noqa: E731
    elif origin is dict:
        decode = dict
    elif hint is date:
        decode = date.fromisoformat
    elif hint is Money:
        decode = lambda raw: Money(Decimal(str(raw["amount"])), str(raw["currency"]))  # noqa: E731
    elif hint is StatusChange:
        decode = lambda raw: StatusChange(raw["status"], date.fromisoformat(raw["on"]),  # noqa: E731
                                          raw.get("note", ""))
    elif hint is ExchangeRate:
        decode = lambda raw: ExchangeRate(str(raw["currency"]), Decimal(str(raw["per_usd"])),  # noqa: E731
                                          date.fromisoformat(raw["on"]))
    elif hint in (bool, int, str):
        decode = _exactly(hint)
    else:
        decode = lambda raw: raw  # noqa: E731
    _DECODERS[hint] = decode
    return decode


# --- forms ----------------------------------------------------------------------------------
PROFILE_DATE_FIELDS = {
    "graduation_date": "Graduation date", "step1_date": "Step 1 date",
    "step2ck_date": "Step 2 CK date", "ecfmg_date": "ECFMG certification date",
    "english_date": "English test date",
}


def profile_from_form(values: dict[str, str], base: Profile) -> Profile:
    """Validate the profile form's text values; raise ``FormErrors`` listing every bad field.

    Dates are read in the date order chosen in the same form, so switching to MDY and typing
    an MDY date in one go works.
    """
    errors: dict[str, FieldError] = {}
    result = dataclasses.replace(base, extra=dict(base.extra))

    def attempt(key: str, parse: Callable[[], Any]) -> None:
        try:
            setattr(result, key, parse())
        except FieldError as exc:
            errors[key] = exc

    name = values.get("name", "").strip()
    if not name:
        errors["name"] = FieldError("Name", "is required")
    result.name = name
    result.home_country = values.get("home_country", "").strip()
    attempt("date_order", lambda: parse_choice(values.get("date_order", "DMY"), DATE_ORDERS, "Date order"))
    order = result.date_order if "date_order" not in errors else "DMY"
    attempt("home_currency", lambda: parse_currency(values.get("home_currency", ""), "Home currency"))
    for key, label in PROFILE_DATE_FIELDS.items():
        attempt(key, lambda key=key, label=label: parse_date(values.get(key, ""), order, label))
    result.target_specialties = parse_list(values.get("target_specialties", ""))
    attempt("weekly_fee_limit", lambda: parse_money_text(
        values.get("weekly_fee_limit", "500 USD"), "Weekly fee limit"))
    attempt("letter_reminder_days", lambda: parse_days(
        values.get("letter_reminder_days", "14"), "Letter follow-up after"))
    for key, choices, label in (
        ("step1_status", EXAM_STATUSES, "Step 1 status"),
        ("step2ck_status", EXAM_STATUSES, "Step 2 CK status"),
        ("ecfmg_status", ECFMG_STATUSES, "ECFMG certification"),
        ("english_test", ENGLISH_TESTS, "English test"),
        ("english_status", ENGLISH_STATUSES, "English test status"),
        ("visa", VISAS, "Visa"),
    ):
        attempt(key, lambda key=key, choices=choices, label=label:
                parse_choice(values.get(key, choices[0]), choices, label))
    for exam, label in (("step1", "Step 1"), ("step2ck", "Step 2 CK")):
        status = getattr(result, f"{exam}_status")
        if status in ("passed", "failed", "scheduled") and getattr(result, f"{exam}_date") is None \
                and f"{exam}_date" not in errors:
            errors[f"{exam}_date"] = FieldError(f"{label} date", f"is needed when the status is {status}")
    if result.ecfmg_status == "certified" and result.ecfmg_date is None and "ecfmg_date" not in errors:
        errors["ecfmg_date"] = FieldError("ECFMG certification date", "is needed when certified")
    if errors:
        raise FormErrors(errors)
    return result
