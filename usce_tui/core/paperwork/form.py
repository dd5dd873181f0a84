"""The document and correspondence forms as text to validated records and back (no textual
here); every bad field is named at once."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date
from functools import partial
from typing import Any

from usce_tui.core.forms import ErrorCollector, Field, choices
from usce_tui.core.forms import text as form_text
from usce_tui.core.paperwork.rules import NO_ANSWER_DAYS, VALID_FOR
from usce_tui.core.parse import format_date, parse_choice, parse_date
from usce_tui.core.programs.rules import program_options
from usce_tui.core.records import (
    CHANNELS,
    DIRECTIONS,
    DOCUMENT_KINDS,
    DOCUMENT_STATUSES,
    Correspondence,
    Document,
    Program,
)

_DERIVED = ", ".join(VALID_FOR) + ", flu vaccine"


def document_fields() -> tuple[Field, ...]:
    return (
        Field("kind", "Kind", choices(DOCUMENT_KINDS)),
        Field("note", "Version or note", placeholder="e.g. IGRA, negative; or v3 for surgery"),
        Field("status", "Status", choices(DOCUMENT_STATUSES)),
        Field("obtained", "Obtained on", date=True),
        Field("expires", "Expires on", placeholder=f"blank: derived for {_DERIVED}"),
        Field("location", "Where the file is", placeholder="a path or a link (the app keeps no file)"),
    )


def document_values(document: Document, order: str) -> dict[str, str]:
    return {"kind": document.kind, "note": document.note, "status": document.status,
            "obtained": format_date(document.obtained, order),
            "expires": format_date(document.expires, order), "location": document.location}


def document_from_form(values: dict[str, Any], base: Document, order: str, today: date) -> Document:
    """Validate the document form; raise ``FormErrors`` naming every bad field."""
    check = ErrorCollector()
    result = dataclasses.replace(base, extra=dict(base.extra))
    for key, vocabulary, label in (("kind", DOCUMENT_KINDS, "Kind"), ("status", DOCUMENT_STATUSES, "Status")):
        setattr(result, key, check(key, partial(parse_choice, form_text(values, key) or getattr(base, key),
                                                vocabulary, label)) or getattr(base, key))
    result.note = form_text(values, "note")
    result.location = form_text(values, "location")
    result.obtained = check("obtained", lambda: parse_date(form_text(values, "obtained"), order,
                                                           "Obtained on"))
    result.expires = check("expires", lambda: parse_date(form_text(values, "expires"), order, "Expires on"))
    if result.obtained is not None and result.obtained > today:
        check.add("obtained", "Obtained on", f"{format_date(result.obtained, order)} is in the future")
    if result.obtained and result.expires and result.expires < result.obtained:
        check.add("expires", "Expires on", "is before the day it was obtained")
    if result.kind == "passport" and result.status in ("have it", "sent") and result.expires is None \
            and "expires" not in check:  # a blank one read "does not expire", and no trip was warned
        check.add("expires", "Expires on", "is needed for a passport: each trip checks it lasts "
                  "6 months past the trip")
    if result.status in ("have it", "sent") and result.obtained is None and "obtained" not in check \
            and result.kind in (*VALID_FOR, "flu vaccine"):
        check.add("obtained", "Obtained on", f"is needed for a {result.kind}: its expiry counts from it")
    check.done()
    return result


def correspondence_fields(programs: Sequence[Program]) -> tuple[Field, ...]:
    return (
        # chosen, never assumed: the first program was filled in for a new message, and for one
        # whose program had been deleted, which saving then moved to it without a word
        Field("program_id", "Program *", (("(choose the program)", ""), *program_options(programs))),
        Field("on", "Date *", date=True),
        Field("direction", "Sent or received", choices(DIRECTIONS)),
        Field("channel", "By", choices(CHANNELS)),
        Field("who", "Who", placeholder="e.g. Ms. Rivera, program coordinator"),
        Field("summary", "Summary", placeholder="what was asked, what was answered"),
        Field("follow_up", "Next follow-up",
              placeholder=f"blank: {NO_ANSWER_DAYS} working days after a message sent"),
    )


def correspondence_values(message: Correspondence, order: str) -> dict[str, str]:
    return {"program_id": message.program_id or "", "on": format_date(message.on, order),
            "direction": message.direction, "channel": message.channel, "who": message.who,
            "summary": message.summary, "follow_up": format_date(message.follow_up, order)}


def correspondence_from_form(values: dict[str, Any], base: Correspondence, order: str, today: date,
                             known: set[str]) -> Correspondence:
    """Validate the correspondence form; raise ``FormErrors`` naming every bad field."""
    check = ErrorCollector()
    result = dataclasses.replace(base, extra=dict(base.extra))
    program = form_text(values, "program_id")
    if not program:
        check.add("program_id", "Program", "is required: choose the program (add it on Programs, "
                  "key 2, if it is not listed)")
    elif program not in known:
        check.add("program_id", "Program", "is not one of yours (it may have been deleted)")
    result.program_id = program or None
    for key, vocabulary, label in (("direction", DIRECTIONS, "Sent or received"),
                                   ("channel", CHANNELS, "By")):
        setattr(result, key, check(key, partial(parse_choice, form_text(values, key) or getattr(base, key),
                                                vocabulary, label)) or getattr(base, key))
    result.who = form_text(values, "who")
    result.summary = form_text(values, "summary")
    result.on = check("on", lambda: parse_date(form_text(values, "on"), order, "Date"))
    if result.on is None and "on" not in check:
        check.add("on", "Date", "is required")
    elif result.on is not None and result.on > today:
        check.add("on", "Date", f"{format_date(result.on, order)} is in the future: log what happened")
    result.follow_up = check("follow_up", lambda: parse_date(form_text(values, "follow_up"), order,
                                                             "Next follow-up"))
    if result.on and result.follow_up and result.follow_up < result.on:
        check.add("follow_up", "Next follow-up", "is before the message")
    check.done()
    return result
