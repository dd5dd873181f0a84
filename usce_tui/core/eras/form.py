"""The experience and interview-question forms as text to validated records and back (no
textual here); every bad field is named at once, the long texts by their ERAS length."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection, Sequence
from datetime import date
from functools import partial
from typing import Any

from usce_tui.core.eras.rules import DESCRIPTION_LIMIT, REFLECTION_LIMIT, eras_length, is_built_in
from usce_tui.core.forms import ErrorCollector, Field, choices
from usce_tui.core.forms import text as form_text
from usce_tui.core.parse import FieldError, format_date, parse_choice, parse_date
from usce_tui.core.programs.rules import program_options
from usce_tui.core.records import (
    EXPERIENCE_TYPES,
    FOCUS_AREAS,
    FREQUENCIES,
    KEY_CHARACTERISTICS,
    SETTINGS,
    Experience,
    Program,
    Question,
)

NONE = "(none)"


def _optional(values: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """A choice that may be left blank, the blank first."""
    return ((NONE, ""), *choices(values))


_MONTH_YEAR = re.compile(r"^(?:(\d{1,2})\s*[/.-]\s*(\d{4})|(\d{4})\s*-\s*(\d{1,2}))$")


def parse_month(text: str, order: str, label: str) -> date | None:
    """A date as ERAS asks for it, month and year (``03/2025``, ``2025-03``: the first of the
    month), or a whole date in the user's order; blank gives None."""
    found = _MONTH_YEAR.match(text.strip())
    if found is None:
        return parse_date(text, order, label)
    month, year = (found.group(1), found.group(2)) if found.group(1) else (found.group(4), found.group(3))
    if not 1 <= int(month) <= 12:
        raise FieldError(label, f"{text.strip()!r}: there is no month {int(month)}")
    return date(int(year), int(month), 1)


def _shown(day: date | None, order: str) -> str:
    """A date typed as a month (the first of it) shows as one; another as the whole date."""
    return day.strftime("%m/%Y") if day is not None and day.day == 1 else format_date(day, order)


def experience_fields(programs: Sequence[Program]) -> tuple[Field, ...]:
    """The short fields, in ERAS's order (the two texts follow them in the editor)."""
    return (
        Field("title", "Position title *", placeholder="e.g. Clinical Observer, Internal Medicine"),
        Field("organization", "Organization *", placeholder="e.g. the hospital or the lab"),
        Field("start", "Start", placeholder="MM/YYYY (or a whole date)"),
        Field("end", "End", placeholder="MM/YYYY; blank: ongoing"),
        Field("frequency", "Frequency", _optional(FREQUENCIES)),
        Field("location", "Location", placeholder="city, state, country"),
        Field("setting", "Setting", _optional(SETTINGS)),
        Field("kind", "Experience type", choices(EXPERIENCE_TYPES)),
        Field("focus", "Primary focus", _optional(FOCUS_AREAS)),
        Field("characteristic", "Key characteristic", _optional(KEY_CHARACTERISTICS)),
        Field("supervisor", "Supervisor", placeholder="who saw your work (not sent to ERAS here)"),
        Field("program_id", "Rotation", ((NONE, ""), *program_options(programs))),
    )


def experience_values(experience: Experience, order: str) -> dict[str, Any]:
    return {"title": experience.title, "organization": experience.organization,
            "start": _shown(experience.start, order), "end": _shown(experience.end, order),
            "frequency": experience.frequency, "location": experience.location,
            "setting": experience.setting, "kind": experience.kind, "focus": experience.focus,
            "characteristic": experience.characteristic, "supervisor": experience.supervisor,
            "program_id": experience.program_id or "", "description": experience.description,
            "reflection": experience.reflection, "selected": experience.selected,
            "meaningful": experience.meaningful}


def experience_from_form(values: dict[str, Any], base: Experience, order: str,
                         known: set[str]) -> Experience:
    """Validate the experience form; raise ``FormErrors`` naming every bad field."""
    check = ErrorCollector()
    result = dataclasses.replace(base, extra=dict(base.extra))
    for key, label in (("title", "Position title"), ("organization", "Organization")):
        setattr(result, key, form_text(values, key))
        if not getattr(result, key):
            check.add(key, label, "is required")
    for key, vocabulary, label in (("kind", EXPERIENCE_TYPES, "Experience type"),
                                   ("frequency", ("", *FREQUENCIES), "Frequency"),
                                   ("setting", ("", *SETTINGS), "Setting"),
                                   ("focus", ("", *FOCUS_AREAS), "Primary focus"),
                                   ("characteristic", ("", *KEY_CHARACTERISTICS), "Key characteristic")):
        chosen = check(key, partial(parse_choice, form_text(values, key), vocabulary, label))
        setattr(result, key, chosen if chosen is not None else getattr(base, key))
    result.location = form_text(values, "location")
    result.supervisor = form_text(values, "supervisor")
    program = form_text(values, "program_id")
    if program and program not in known:
        check.add("program_id", "Rotation", "is not one of yours (it may have been deleted)")
    result.program_id = program or None
    result.start = check("start", lambda: parse_month(form_text(values, "start"), order, "Start"))
    result.end = check("end", lambda: parse_month(form_text(values, "end"), order, "End"))
    if result.start and result.end and result.end < result.start:
        check.add("end", "End", "is before the start")
    # the texts keep their line breaks; only the ends are trimmed, as ERAS trims them
    result.description = str(values.get("description") or "").strip()
    result.reflection = str(values.get("reflection") or "").strip()
    for key, label, limit in (("description", "Description", DESCRIPTION_LIMIT),
                              ("reflection", "Reflection", REFLECTION_LIMIT)):
        if (n := eras_length(getattr(result, key))) > limit:
            check.add(key, label, f"is {n} characters as ERAS counts them; ERAS takes {limit} "
                      f"(cut {n - limit})")
    result.selected = bool(values.get("selected"))
    result.meaningful = bool(values.get("meaningful"))
    if result.meaningful and not result.selected:
        check.add("selected", "Selected for ERAS", "must be ticked for a most meaningful experience "
                  "(the three come from the ten)")
    check.done()
    return result


def question_fields() -> tuple[Field, ...]:
    return (
        Field("text", "Question *", placeholder="e.g. Describe a challenging clinical situation."),
        Field("note", "Practice note", placeholder="the points to make, what to say better next time"),
        Field("practised", "Last practised", date=True),
    )


def question_values(question: Question, order: str) -> dict[str, Any]:
    return {"text": question.text, "note": question.note,
            "practised": format_date(question.practised, order), "stories": list(question.stories)}


def question_from_form(values: dict[str, Any], base: Question, order: str, today: date,
                       offered: Collection[str] | None = None) -> Question:
    """Validate the question form; raise ``FormErrors`` naming every bad field.

    ``offered``: the stories the form listed to tick; a link to an entry it did not list (one
    no longer starred) is kept, as the user did not untick it.
    """
    check = ErrorCollector()
    result = dataclasses.replace(base, extra=dict(base.extra))
    result.text = form_text(values, "text")
    if not result.text:
        check.add("text", "Question", "is required")
    elif is_built_in(base) and result.text.strip().lower() != base.text.strip().lower():
        # its words changed, it became a question of the user's, and the app's own came back
        # beside it: two where there was one (seen by a newcomer)
        check.add("text", "Question", "is one of the app's own and keeps its words; add your own "
                  "question with a (put what you want to say in the practice note)")
    result.note = form_text(values, "note")
    result.practised = check("practised", lambda: parse_date(form_text(values, "practised"), order,
                                                             "Last practised"))
    if result.practised is not None and result.practised > today:
        check.add("practised", "Last practised", f"{format_date(result.practised, order)} is in the future")
    ticked = [str(s) for s in values.get("stories", [])]
    hidden = [s for s in base.stories if offered is not None and s not in offered]
    result.stories = [s for s in base.stories if s in ticked or s in hidden] + \
        [s for s in ticked if s not in base.stories]
    check.done()
    return result
