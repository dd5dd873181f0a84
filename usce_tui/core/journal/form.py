"""The journal editor's values to a validated ``JournalEntry``: a date is required, a time is
HH:MM, an entry needs a title or some text, and tags come from the tags box and the @tags
written in the text."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any

from usce_tui.core.forms import ErrorCollector, text
from usce_tui.core.journal.rules import merge_tags, tags_in
from usce_tui.core.parse import FieldError, format_date, parse_date, parse_list
from usce_tui.core.records import JournalEntry


def _time(value: str) -> str:
    if not value:
        return ""
    try:
        return datetime.strptime(value, "%H:%M").strftime("%H:%M")
    except ValueError:
        raise FieldError("Time", f"{value!r} is not a time such as 20:15") from None


def _past_date(value: str, order: str, today: date) -> date:
    day = parse_date(value, order, "Date")
    if day is None:
        raise FieldError("Date", "is required")
    if day > today:
        raise FieldError("Date", f"{format_date(day, order)} is in the future; an entry is about "
                                 "a day that has happened")
    return day


def entry_from_form(values: dict[str, Any], base: JournalEntry, order: str, today: date) -> JournalEntry:
    """Validate the editor: ``date``, ``time``, ``title``, ``tags`` and ``body`` as text,
    ``starred`` a bool and ``program_id`` the rotation (or None). Raises ``FormErrors``."""
    check = ErrorCollector()
    day = check("date", lambda: _past_date(text(values, "date"), order, today))
    time = check("time", lambda: _time(text(values, "time")))
    body = str(values.get("body", "") or "").rstrip()
    title = text(values, "title")
    if not body.strip() and not title:
        check.add("body", "Text", "the entry is empty")
    check.done()
    tags = merge_tags(parse_list(text(values, "tags")), tags_in(f"{title}\n{body}"))
    return dataclasses.replace(base, date=day, time=time or "", title=title, body=body, tags=tags,
                               starred=bool(values.get("starred")), program_id=values.get("program_id"))


def new_entry(today: date, now: datetime, program_id: str | None) -> JournalEntry:
    """A new entry: today, the time now, on the rotation in progress."""
    return JournalEntry(date=today, time=now.strftime("%H:%M"), program_id=program_id)
