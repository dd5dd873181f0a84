"""The program form: its fields, a stored program as text, and the text back to a validated
``Program``. Every field is checked and every error reported at once (``FormErrors``, keyed by
field id), so the form can mark all of them; nothing is returned while any field is wrong.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any, TypeVar

from usce_tui.core.forms import ErrorCollector, Field, choices
from usce_tui.core.paperwork.rules import document_ages_text, read_document_ages
from usce_tui.core.parse import (
    FieldError,
    format_date,
    parse_amount,
    parse_choice,
    parse_currency,
    parse_date,
    parse_email,
    parse_url,
    parse_whole_number,
)
from usce_tui.core.programs.eligibility_text import read_visas
from usce_tui.core.programs.rules import change_status, materials_needed, parse_deadline_text
from usce_tui.core.records import (
    DEADLINE_KINDS,
    DOCUMENT_KINDS,
    FEE_PERIODS,
    HANDS_ON,
    MATERIALS,
    PROGRAM_STATUSES,
    PROGRAM_TYPES,
    REQUIREMENTS,
    VISA_TYPES,
    Program,
)
from usce_tui.core.values import Money

T = TypeVar("T")
TRISTATE = ("unknown", "yes", "no")
_TRI_VALUE = {"unknown": None, "yes": True, "no": False}
_TRI_TEXT = {None: "unknown", True: "yes", False: "no"}

# The grid of the form, in order; "needs review", requirements, materials and notes follow it.
PROGRAM_FIELDS: tuple[Field, ...] = (
    Field("name", "Name *", placeholder="e.g. Internal Medicine Observership"),
    Field("institution", "Institution", placeholder="hospital or university"),
    Field("type", "Type", choices(PROGRAM_TYPES)),
    Field("specialty", "Specialty", placeholder="e.g. Internal Medicine"),
    Field("city", "City"),
    Field("state", "State", placeholder="e.g. IL"),
    Field("hands_on", "Hands-on", choices(HANDS_ON)),
    Field("duration_weeks", "Duration (weeks)", placeholder="e.g. 4, or 2-4"),
    Field("duration_text", "Duration as written", placeholder="e.g. Variable (clerkships)"),
    Field("website", "Website", placeholder="example.org/program"),
    Field("contact_name", "Contact name"),
    Field("contact_email", "Contact email", placeholder="name@example.org"),
    Field("contact_phone", "Contact phone"),
    Field("supervisor", "Supervisor", placeholder="who supervises and can sign"),
    Field("academic_affiliation", "Academic affiliation", choices(TRISTATE)),
    Field("letter_possible", "Letter possible", choices(TRISTATE)),
    Field("status", "Status", choices(PROGRAM_STATUSES)),
    Field("fee_amount", "Fee amount", placeholder="e.g. 1500, or 500-1000 (blank: unknown)"),
    Field("fee_currency", "Fee currency", placeholder="e.g. USD"),
    Field("fee_period", "Fee period", choices(FEE_PERIODS)),
    Field("fee_text", "Fee as written", placeholder="e.g. $500 non-refundable"),
    Field("deadline_kind", "Deadline kind", choices(DEADLINE_KINDS)),
    Field("deadline", "Deadline date", date=True),
    Field("deadline_text", "Deadline as written", placeholder="e.g. apply 3-6 months ahead"),
    Field("start_dates", "Start dates", date=True),
    Field("graduated_within_years", "Graduated within (y)", placeholder="years, if required"),
    Field("visas", "Visas accepted", placeholder="e.g. B1/B2, J-1"),
    Field("visa_support", "Visa support", choices(TRISTATE)),
    Field("eligibility_text", "Eligibility as written", placeholder="the program's own words"),
    Field("document_ages", "Documents recent", placeholder="e.g. TB test within 6 months; "
                                                           "background check within 90 days"),
    Field("review_notes", "Review notes", placeholder="what to check"),
)
# Plain text fields: (field id, label).
TEXT_FIELDS = (
    ("institution", "Institution"), ("city", "City"), ("state", "State"),
    ("contact_name", "Contact name"), ("contact_phone", "Contact phone"),
    ("specialty", "Specialty"), ("supervisor", "Supervisor"), ("fee_text", "Fee as written"),
    ("deadline_text", "Deadline as written"), ("review_notes", "Review notes"), ("notes", "Notes"),
    ("duration_text", "Duration as written"), ("eligibility_text", "Eligibility as written"),
)
CHOICE_FIELDS = (
    ("type", PROGRAM_TYPES, "Type"), ("hands_on", HANDS_ON, "Hands-on"),
    ("fee_period", FEE_PERIODS, "Fee period"), ("deadline_kind", DEADLINE_KINDS, "Deadline kind"),
    ("status", PROGRAM_STATUSES, "Status"),
)


def _dates(text: str, order: str, label: str) -> list[date]:
    out: list[date] = []
    for part in (p for p in text.replace(";", ",").split(",") if p.strip()):
        parsed = parse_date(part, order, label)
        if parsed is not None and parsed not in out:
            out.append(parsed)
    return sorted(out)


def _range(text: str, read: Callable[[str], T | None]) -> tuple[T | None, T | None]:
    """"4", "2-4" (also with an en dash or "to") or "up to 12": (low, high); high is None for
    one value, low for "up to"."""
    upto = re.match(r"\s*up to\s+", text, re.I)
    if upto:
        return None, read(text[upto.end():])
    parts = re.split(r"\s*(?:–|—|\bto\b|-(?=\s*\d))\s*", text.strip(), maxsplit=1)
    if len(parts) == 1 or not parts[0]:
        return read(text), None
    low, high = read(parts[0]), read(parts[1])
    return low, (None if high == low else high)


def _weeks(text: str) -> tuple[int | None, int | None]:
    """A length in weeks, or a range of them, as the field's hint says ("e.g. 4, or 2-4"); a
    refusal says so too (it said "not a whole number", against that very hint)."""
    weeks = partial(parse_whole_number, field_name="Duration (weeks)", low=1, high=104)
    try:
        return _range(text, weeks)
    except FieldError:
        raise FieldError("Duration (weeks)", f"{text.strip()!r} is not a number of weeks from 1 to 104, "
                         "or a range such as 2-4") from None


def program_from_form(values: dict[str, Any], base: Program, order: str, today: date) -> Program:
    """Validate the form; raise ``FormErrors`` naming every bad field.

    ``values`` holds text for each field, a list of requirement keys under ``requirements``,
    a list of finished material keys under ``materials_done`` and a bool under ``needs_review``.
    A new status is added to the history with today's date.
    """
    check = ErrorCollector()
    result = dataclasses.replace(base, extra=dict(base.extra), history=list(base.history),
                                 materials=dict(base.materials))

    def text(key: str) -> str:
        return str(values.get(key, "") or "")

    result.name = text("name").strip()
    if not result.name:
        check.add("name", "Name", "is required")
    for key, _label in TEXT_FIELDS:
        setattr(result, key, text(key).strip())
    result.website = check("website", lambda: parse_url(text("website"), "Website")) or ""
    result.contact_email = check(
        "contact_email", lambda: parse_email(text("contact_email"), "Contact email")) or ""
    chosen = {key: check(key, partial(parse_choice, text(key) or str(getattr(base, key)), vocabulary, label))
              for key, vocabulary, label in CHOICE_FIELDS}
    for key in ("type", "hands_on", "fee_period", "deadline_kind"):
        setattr(result, key, chosen[key] or getattr(base, key))
    result.duration_weeks, result.duration_max_weeks = check(
        "duration_weeks", lambda: _weeks(text("duration_weeks"))) or (None, None)
    amount, result.fee_high = check(
        "fee_amount", lambda: _range(text("fee_amount"), partial(parse_amount, field_name="Fee amount"))
    ) or (None, None)
    for key, label, (low, high) in (("duration_weeks", "Duration (weeks)",
                                     (result.duration_weeks, result.duration_max_weeks)),
                                    ("fee_amount", "Fee amount", (amount, result.fee_high))):
        if low is not None and high is not None and high < low:
            check.add(key, label, "is a range whose second number is smaller than its first")
    visas = [v.strip() for v in re.split(r"[,;]", text("visas")) if v.strip()]
    named = read_visas(text("visas"))
    if len(named) < len(visas):
        check.add("visas", "Visas accepted", f"takes {', '.join(VISA_TYPES)} (separated by commas)")
    result.visas = [v for v in VISA_TYPES if v in named]
    ages, unread = read_document_ages(text("document_ages"))
    if unread:
        check.add("document_ages", "Documents recent",
                  f"{unread[0]!r} is not read: write a document kind and a period, as in 'TB test within "
                  "6 months' (BLS, flu shot, PPD and such are read too; the kinds: "
                  f"{', '.join(k for k in DOCUMENT_KINDS if k != 'other')})")
    result.document_ages = ages
    currency = check("fee_currency", lambda: parse_currency(text("fee_currency") or "USD", "Fee currency"))
    result.fee = Money(amount, currency) if amount is not None and currency else None
    result.deadline = check("deadline", lambda: parse_date(text("deadline"), order, "Deadline date"))
    result.start_dates = check("start_dates", lambda: _dates(text("start_dates"), order, "Start dates")) or []
    result.graduated_within_years = check("graduated_within_years", lambda: parse_whole_number(
        text("graduated_within_years"), "Graduated within (years)", 0, 50))
    for key, label in (("academic_affiliation", "Academic affiliation"),
                       ("letter_possible", "Letter possible"), ("visa_support", "Visa support")):
        choice = check(key, partial(parse_choice, text(key) or "unknown", TRISTATE, label))
        setattr(result, key, _TRI_VALUE[choice or "unknown"])
    requirements = list(values.get("requirements") or [])
    unknown = [r for r in requirements if r not in REQUIREMENTS]
    if unknown:
        check.add("requirements", "Requirements", f"unknown: {', '.join(unknown)}")
    result.requirements = [r for r in REQUIREMENTS if r in requirements]
    result.needs_review = bool(values.get("needs_review", False))
    if base.review_notes and not result.review_notes:
        result.needs_review = False  # what there was to review was cleared: it is reviewed

    # Fields that depend on each other.
    if result.deadline is not None and result.deadline_kind == "unknown":
        result.deadline_kind = "date"  # a date typed in means there is one (seen: it was dropped)
    if result.deadline_kind == "date" and result.deadline is None:
        check.add("deadline", "Deadline date", "is needed when the deadline kind is date")
    if result.deadline_kind == "lead time" and parse_deadline_text(result.deadline_text).kind != "lead time":
        check.add("deadline_text", "Deadline as written",
                  "needs a lead time such as 'apply 3-6 months ahead'")
    if "graduated_within" in result.requirements and result.graduated_within_years is None:
        check.add("graduated_within_years", "Graduated within (years)",
                  "is needed with the 'graduated within' requirement")
    check.done()

    done = set(values.get("materials_done") or [])
    needed = materials_needed(result)
    result.materials = {key: key in done for key in MATERIALS if key in needed or key in done}
    change_status(result, chosen["status"] or base.status, today)
    return result


def shown_range(low: object, high: object) -> str:
    """"4", "2-4" or "up to 12": a range as the form shows it and the export writes it (both
    read it back)."""
    if low is None:
        return "" if high is None else f"up to {high}"
    return f"{low}" if high is None else f"{low}-{high}"


def program_values(program: Program, order: str) -> dict[str, Any]:
    """The form's values for a stored program (the inverse of ``program_from_form``)."""
    values: dict[str, Any] = {key: getattr(program, key) for key, _ in TEXT_FIELDS}
    values.update(
        name=program.name, website=program.website, contact_email=program.contact_email,
        type=program.type, hands_on=program.hands_on, fee_period=program.fee_period,
        deadline_kind=program.deadline_kind, status=program.status,
        duration_weeks=shown_range(program.duration_weeks, program.duration_max_weeks),
        fee_amount="" if program.fee is None else shown_range(program.fee.amount, program.fee_high),
        visas=", ".join(program.visas), visa_support=_TRI_TEXT[program.visa_support],
        document_ages=document_ages_text(program.document_ages),
        fee_currency="USD" if program.fee is None else program.fee.currency,
        deadline=format_date(program.deadline, order),
        start_dates=", ".join(format_date(d, order) for d in program.start_dates),
        graduated_within_years=("" if program.graduated_within_years is None
                                else str(program.graduated_within_years)),
        academic_affiliation=_TRI_TEXT[program.academic_affiliation],
        letter_possible=_TRI_TEXT[program.letter_possible],
        requirements=list(program.requirements),
        materials_done=[k for k, done in program.materials.items() if done],
        needs_review=program.needs_review,
    )
    return values
