"""The letter form's text to a validated ``Letter`` and back (no textual here).

Each step has its own date box; the history and the status are rebuilt from the dates, which
must not be in the future nor before the step before them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date
from functools import partial
from typing import Any

from usce_tui.core.forms import ErrorCollector, Field, choices
from usce_tui.core.forms import text as form_text
from usce_tui.core.letters.rules import (
    STEPS,
    duplicate_letter_id,
    over_limit,
    step_date,
    step_date_problems,
)
from usce_tui.core.parse import (
    FieldError,
    format_date,
    parse_choice,
    parse_date,
    parse_email,
    parse_list,
)
from usce_tui.core.programs.rules import program_options
from usce_tui.core.records import LETTER_TYPES, Letter, Program
from usce_tui.core.values import StatusChange

STEP_FIELDS = tuple((f"on_{s.replace(' ', '_')}", s) for s in (*STEPS, "declined"))


def _past_dates(text: str, order: str, today: date) -> list[date]:
    """Dates typed in a list ("12/11/2026, 19/11/2026"): each once, sorted, none in the future."""
    days = sorted({day for part in text.replace(";", ",").split(",") if part.strip()
                   if (day := parse_date(part, order, "Reminders sent on")) is not None})
    if days and days[-1] > today:
        raise FieldError("Reminders sent on", f"{format_date(days[-1], order)} is in the future")
    return days


def letter_fields(programs: Sequence[Program]) -> tuple[Field, ...]:
    """The letter form's fields; the rotation is chosen among ``programs``."""
    rotations = (("(none)", ""), *program_options(programs))
    return (
        Field("writer_name", "Writer *", placeholder="e.g. Dr. Jane Example"),
        Field("title", "Title", placeholder="e.g. Attending Physician"),
        Field("email", "Email"), Field("specialty", "Specialty"),
        Field("institution", "Institution"), Field("program_id", "Rotation", rotations),
        Field("letter_type", "Letter type", choices(LETTER_TYPES)),
        Field("waived", "Waived right to see", choices(("yes", "no"))),
        Field("eras_letter_id", "ERAS Letter ID", placeholder="given when you confirm it in ERAS"),
        Field("assigned_to", "Assigned to", placeholder="residency programs, comma-separated"),
        Field("reminded", "Reminders sent on", placeholder="dates, comma-separated"),
        *(Field(key, f"{status.capitalize()} on", date=True) for key, status in STEP_FIELDS),
        Field("notes", "Notes"),
    )


def letter_from_form(values: dict[str, Any], base: Letter, order: str, today: date,
                     others: list[Letter], programs: set[str]) -> Letter:
    """Validate the form; raise ``FormErrors`` naming every bad field."""
    check = ErrorCollector()
    result = dataclasses.replace(base, extra=dict(base.extra), reminded=list(base.reminded))

    def text(key: str) -> str:
        return form_text(values, key)

    result.writer_name = text("writer_name")
    if not result.writer_name:
        check.add("writer_name", "Writer", "is required")
    result.title, result.specialty = text("title"), text("specialty")
    result.institution, result.notes = text("institution"), text("notes")
    result.email = check("email", lambda: parse_email(text("email"), "Email")) or ""
    result.letter_type = check("letter_type", lambda: parse_choice(
        text("letter_type") or "specialty", LETTER_TYPES, "Letter type")) or base.letter_type
    result.waived = text("waived") != "no"
    rotation = text("program_id")
    if rotation and rotation not in programs:
        check.add("program_id", "Rotation", f"{rotation!r} is not one of your programs")
    result.program_id = rotation or None
    result.eras_letter_id = text("eras_letter_id")
    result.assigned_to = parse_list(text("assigned_to"))
    result.materials_sent = [str(m) for m in values.get("materials_sent") or []]
    result.reminded = check("reminded", lambda: _past_dates(text("reminded"), order, today)) or []

    dates: dict[str, date | None] = {}
    for key, status in STEP_FIELDS:
        dates[status] = check(key, partial(parse_date, text(key), order, f"{status.capitalize()} on"))
    for status, reason in step_date_problems(dates, today, order).items():
        key = dict((s, k) for k, s in STEP_FIELDS)[status]
        check.add(key, f"{status.capitalize()} on", reason)
    asked = dates.get("requested")
    if result.reminded and asked is None and "on_requested" not in check:
        check.add("reminded", "Reminders sent on", "a reminder follows a request: set Requested on too")
    elif result.reminded and asked is not None and result.reminded[0] < asked:
        check.add("reminded", "Reminders sent on", f"{format_date(result.reminded[0], order)} is before "
                  f"the request ({format_date(asked, order)})")
    twin = duplicate_letter_id(result, others)
    if twin is not None:
        check.add("eras_letter_id", "ERAS Letter ID",
                  f"{result.eras_letter_id} is already the letter from {twin.writer_name}")
    limits = over_limit(result, others)
    if limits:
        check.add("assigned_to", "Assigned to", "; ".join(limits))
    check.done()

    if not any(dates.values()):
        dates["identified"] = today
    notes = {(h.status, h.on): h.note for h in base.history}
    steps = [(on, index, status) for index, (_, status) in enumerate(STEP_FIELDS)
             if (on := dates[status]) is not None]
    result.history = [StatusChange(status, on, notes.get((status, on), ""))
                      for on, _, status in sorted(steps)]
    result.status = result.history[-1].status
    return result


def letter_values(letter: Letter, order: str) -> dict[str, Any]:
    """The form's values for a stored letter."""
    values: dict[str, Any] = {
        "writer_name": letter.writer_name, "title": letter.title, "email": letter.email,
        "specialty": letter.specialty, "institution": letter.institution,
        "program_id": "" if letter.program_id is None else str(letter.program_id),
        "letter_type": letter.letter_type, "waived": "yes" if letter.waived else "no",
        "eras_letter_id": letter.eras_letter_id, "assigned_to": ", ".join(letter.assigned_to),
        "notes": letter.notes, "materials_sent": list(letter.materials_sent),
    }
    for key, status in STEP_FIELDS:
        values[key] = format_date(step_date(letter, status), order)
    values["reminded"] = ", ".join(format_date(day, order) for day in letter.reminded)
    return values
