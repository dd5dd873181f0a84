"""The program form's text values to a validated ``Program`` and back (no textual here).

Every field is checked and every error reported at once (``FormErrors``, keyed by field id),
so the form can mark all of them; nothing is returned while any field is wrong.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from typing import Any

from usce_tui.core.parse import (
    FieldError,
    FormErrors,
    format_date,
    parse_amount,
    parse_choice,
    parse_currency,
    parse_date,
    parse_email,
    parse_url,
)
from usce_tui.core.programs.rules import change_status, materials_needed, parse_deadline_text
from usce_tui.core.records import (
    DEADLINE_KINDS,
    FEE_PERIODS,
    HANDS_ON,
    MATERIALS,
    PROGRAM_STATUSES,
    PROGRAM_TYPES,
    REQUIREMENTS,
    Program,
)
from usce_tui.core.values import Money

TRISTATE = ("unknown", "yes", "no")
_TRI_VALUE = {"unknown": None, "yes": True, "no": False}
_TRI_TEXT = {None: "unknown", True: "yes", False: "no"}

# Plain text fields: (field id, label).
TEXT_FIELDS = (
    ("institution", "Institution"), ("city", "City"), ("state", "State"),
    ("contact_name", "Contact name"), ("contact_phone", "Contact phone"),
    ("specialty", "Specialty"), ("supervisor", "Supervisor"), ("fee_text", "Fee as written"),
    ("deadline_text", "Deadline as written"), ("review_notes", "Review notes"), ("notes", "Notes"),
)
CHOICE_FIELDS = (
    ("type", PROGRAM_TYPES, "Type"), ("hands_on", HANDS_ON, "Hands-on"),
    ("fee_period", FEE_PERIODS, "Fee period"), ("deadline_kind", DEADLINE_KINDS, "Deadline kind"),
    ("status", PROGRAM_STATUSES, "Status"),
)


def _whole_number(text: str, label: str, low: int, high: int) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not text.isdigit() or not low <= int(text) <= high:
        raise FieldError(label, f"{text!r} is not a whole number from {low} to {high}")
    return int(text)


def _dates(text: str, order: str, label: str) -> list[date]:
    out: list[date] = []
    for part in (p for p in text.replace(";", ",").split(",") if p.strip()):
        parsed = parse_date(part, order, label)
        if parsed is not None and parsed not in out:
            out.append(parsed)
    return sorted(out)


def program_from_form(values: dict[str, Any], base: Program, order: str, today: date) -> Program:
    """Validate the form; raise ``FormErrors`` naming every bad field.

    ``values`` holds text for each field, a list of requirement keys under ``requirements``,
    a list of finished material keys under ``materials_done`` and a bool under ``needs_review``.
    A new status is added to the history with today's date.
    """
    errors: dict[str, FieldError] = {}
    result = dataclasses.replace(base, extra=dict(base.extra), history=list(base.history),
                                 materials=dict(base.materials))

    def attempt(key: str, parse: Callable[[], Any]) -> Any:
        try:
            return parse()
        except FieldError as exc:
            errors[key] = exc
            return None

    def text(key: str) -> str:
        return str(values.get(key, "") or "")

    result.name = text("name").strip()
    if not result.name:
        errors["name"] = FieldError("Name", "is required")
    for key, _label in TEXT_FIELDS:
        setattr(result, key, text(key).strip())
    result.website = attempt("website", lambda: parse_url(text("website"), "Website"))
    result.contact_email = attempt(
        "contact_email", lambda: parse_email(text("contact_email"), "Contact email"))
    chosen = {key: attempt(key, lambda choices=choices, key=key, label=label:
                           parse_choice(text(key) or str(getattr(base, key)), choices, label))
              for key, choices, label in CHOICE_FIELDS}
    for key in ("type", "hands_on", "fee_period", "deadline_kind"):
        setattr(result, key, chosen[key] or getattr(base, key))
    result.duration_weeks = attempt(
        "duration_weeks", lambda: _whole_number(text("duration_weeks"), "Duration (weeks)", 1, 104))
    amount = attempt("fee_amount", lambda: parse_amount(text("fee_amount"), "Fee"))
    currency = attempt("fee_currency", lambda: parse_currency(text("fee_currency") or "USD", "Fee currency"))
    result.fee = Money(amount, currency) if amount is not None and currency else None
    result.deadline = attempt("deadline", lambda: parse_date(text("deadline"), order, "Deadline"))
    result.start_dates = attempt("start_dates", lambda: _dates(text("start_dates"), order, "Start dates"))
    result.graduated_within_years = attempt("graduated_within_years", lambda: _whole_number(
        text("graduated_within_years"), "Graduated within (years)", 0, 50))
    for key, label in (("academic_affiliation", "Academic affiliation"),
                       ("letter_possible", "Letter possible")):
        setattr(result, key, attempt(key, lambda key=key, label=label:
                                     _TRI_VALUE[parse_choice(text(key) or "unknown", TRISTATE, label)]))
    requirements = list(values.get("requirements") or [])
    unknown = [r for r in requirements if r not in REQUIREMENTS]
    if unknown:
        errors["requirements"] = FieldError("Requirements", f"unknown: {', '.join(unknown)}")
    result.requirements = [r for r in REQUIREMENTS if r in requirements]
    result.needs_review = bool(values.get("needs_review", False))

    # Fields that depend on each other.
    if result.deadline_kind == "date" and result.deadline is None and "deadline" not in errors:
        errors["deadline"] = FieldError("Deadline", "is needed when the deadline kind is date")
    if result.deadline_kind == "lead time" and parse_deadline_text(result.deadline_text).kind != "lead time":
        errors["deadline_text"] = FieldError(
            "Deadline as written", "needs a lead time such as 'apply 3-6 months ahead'")
    if ("graduated_within" in result.requirements and result.graduated_within_years is None
            and "graduated_within_years" not in errors):
        errors["graduated_within_years"] = FieldError(
            "Graduated within (years)", "is needed with the 'graduated within' requirement")
    if errors:
        raise FormErrors(errors)

    done = set(values.get("materials_done") or [])
    needed = materials_needed(result)
    result.materials = {key: key in done for key in MATERIALS if key in needed or key in done}
    change_status(result, chosen["status"], today)
    return result


def program_values(program: Program, order: str) -> dict[str, Any]:
    """The form's values for a stored program (the inverse of ``program_from_form``)."""
    values: dict[str, Any] = {key: getattr(program, key) for key, _ in TEXT_FIELDS}
    values.update(
        name=program.name, website=program.website, contact_email=program.contact_email,
        type=program.type, hands_on=program.hands_on, fee_period=program.fee_period,
        deadline_kind=program.deadline_kind, status=program.status,
        duration_weeks="" if program.duration_weeks is None else str(program.duration_weeks),
        fee_amount="" if program.fee is None else f"{program.fee.amount}",
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
