"""The journal in and out: jrnl and Day One JSON exports in; Markdown and jrnl's plain-text
format out. Pure functions over text; the caller reads and writes the files."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from usce_tui.core.journal.privacy import entry_text, scan
from usce_tui.core.journal.rules import headline, merge_tags, sort_key, tags_in
from usce_tui.core.records import JournalEntry, Program


class UnreadableJournal(ValueError):
    """The file is not JSON, or not a jrnl or Day One export."""


@dataclass
class JournalImport:
    """What an import found: the format, entries to add, and how many were already there."""

    source: str
    added: list[JournalEntry] = field(default_factory=list)
    duplicates: int = 0
    skipped: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"{self.source}: added {len(self.added)}, already here {self.duplicates}, "
               f"skipped {len(self.skipped)}"]
        out += [f"skipped {reason}" for reason in self.skipped]
        flagged = sum(1 for entry in self.added if scan(entry_text(entry)))
        if flagged:
            out.append(f"{flagged} of the added entries may hold patient identifiers; "
                       "`usce check --privacy` lists them.")
        return out


def identity(entry: JournalEntry) -> tuple[str, str, str, str]:
    """What makes two entries the same: date, time, title and body."""
    return (entry.date.isoformat() if entry.date else "", entry.time, entry.title.strip(),
            entry.body.strip())


class _Skip(Exception):
    """One entry cannot be read; the reason names the field and never quotes the entry."""


_TRUE, _FALSE = {"true", "yes"}, {"false", "no"}


def _text(raw: dict[str, Any], key: str) -> str:
    """A text field: missing or null is empty; a number, list or object is not text."""
    value = raw.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _Skip(f"{key} is not text")
    return value


def _tags(raw: dict[str, Any]) -> list[str]:
    """The tags field: a list of text, one text (one tag), or missing or null (no tags)."""
    value = raw.get("tags")
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        raise _Skip("tags is not a list of text")
    return value


def _starred(raw: dict[str, Any]) -> bool:
    """true or false, or the text "true", "false", "yes" or "no"; missing or null is false."""
    value = raw.get("starred")
    if value is None or isinstance(value, bool):
        return bool(value)
    word = value.strip().lower() if isinstance(value, str) else None
    if word in _TRUE or word in _FALSE:
        return word in _TRUE
    raise _Skip("starred is not true or false")


def _time(raw: dict[str, Any]) -> str:
    """HH:MM from "23:45", "9:05" or "23:45:10"; missing, null or blank is no time."""
    value = raw.get("time")
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    for form in ("%H:%M", "%H:%M:%S"):
        with contextlib.suppress(ValueError):
            if isinstance(value, str):
                return datetime.strptime(value.strip(), form).strftime("%H:%M")
    raise _Skip("time is not a time such as 20:15")


def _jrnl_entry(raw: dict[str, Any]) -> JournalEntry:
    value = raw.get("date")
    try:
        day = date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        day = None
    if day is None:
        raise _Skip("no readable date")
    time, title, body = _time(raw), _text(raw, "title"), _text(raw, "body")
    tags = merge_tags(_tags(raw), tags_in(f"{title}\n{body}"))
    return JournalEntry(date=day, time=time, title=title.strip(), body=body.strip("\n"), tags=tags,
                        starred=_starred(raw))


def _dayone_entry(raw: dict[str, Any]) -> JournalEntry:
    value = raw.get("creationDate")
    try:
        if not isinstance(value, str):
            raise ValueError(value)
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        zone = raw.get("timeZone")
        if zone:  # an unknown zone keeps the time as exported (UTC); OSError: "America" is a
            # folder of zones, a very long name is too long for a file name
            with contextlib.suppress(ZoneInfoNotFoundError, ValueError, OSError):
                moment = moment.astimezone(ZoneInfo(str(zone)))
        day = moment.date()
    except (ValueError, OverflowError):  # OverflowError: out of range in the entry's zone
        raise _Skip("no readable date (creationDate)") from None
    text = _text(raw, "text")
    first, _, rest = text.partition("\n")
    title = first.strip().lstrip("#").strip() if rest.strip() else ""
    body = rest.strip("\n") if title else text.strip("\n")
    tags = merge_tags(_tags(raw), tags_in(text))
    return JournalEntry(date=day, time=moment.strftime("%H:%M"), title=title, body=body,
                        tags=tags, starred=_starred(raw))


def _entry(raw: object, dayone: bool) -> JournalEntry:
    """One entry of the export, or ``_Skip`` saying which field cannot be read."""
    if not isinstance(raw, dict):
        raise _Skip("is not an entry (not a JSON object)")
    entry = _dayone_entry(raw) if dayone else _jrnl_entry(raw)
    try:  # JSON can carry lone surrogates ("\ud800"), which cannot be saved as UTF-8
        "\n".join([entry.time, entry.title, entry.body, *entry.tags]).encode("utf-8")
    except UnicodeEncodeError:
        raise _Skip("has text that is not valid Unicode") from None
    return entry


def _load(text: str) -> Any:
    """The parsed JSON, or ``UnreadableJournal`` in a short sentence that quotes nothing."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise UnreadableJournal(f"is not JSON ({exc.msg} at line {exc.lineno})") from None
    except RecursionError:
        raise UnreadableJournal("is not readable JSON (nested too deeply)") from None
    except ValueError:  # an integer longer than Python's int max str digits
        raise UnreadableJournal("is not readable JSON (a number is too long)") from None


def read_journal_export(text: str, existing: Iterable[JournalEntry],
                        today: date | None = None) -> JournalImport:
    """Entries from a jrnl (``jrnl --format json``) or Day One JSON export, told apart by their
    content; entries already in the journal (same date, time, title and body) are not added.
    An entry that cannot be read as written is skipped with a reason that names the field (never
    its text), and so is one dated after ``today`` (as the journal editor refuses it); a file
    that is not a readable export raises ``UnreadableJournal``."""
    data = _load(text)
    entries = data.get("entries") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise UnreadableJournal("is not a jrnl or Day One export (no list of entries)")
    dayone = any(isinstance(e, dict) and "creationDate" in e for e in entries)
    jrnl = any(isinstance(e, dict) and "date" in e for e in entries)
    if entries and not (dayone or jrnl):
        raise UnreadableJournal("is not a jrnl or Day One export (entries have no dates)")
    report = JournalImport("Day One" if dayone else "jrnl")
    seen = {identity(e) for e in existing}
    for number, raw in enumerate(entries, start=1):
        try:
            entry = _entry(raw, dayone)
        except _Skip as exc:
            report.skipped.append(f"entry {number}: {exc}")
            continue
        if today is not None and entry.date is not None and entry.date > today:
            report.skipped.append(f"entry {number}: dated {entry.date.isoformat()}, after today")
            continue
        key = identity(entry)
        if key in seen:
            report.duplicates += 1
            continue
        seen.add(key)
        report.added.append(entry)
    return report


# --- out ---------------------------------------------------------------------------------
def write_markdown(entries: Sequence[JournalEntry], programs: Sequence[Program]) -> str:
    """Markdown grouped by month, oldest first, ready to mine for a personal statement."""
    names = {p.id: p.name for p in programs}
    out = ["# Journal", ""]
    month = None
    for entry in sorted(entries, key=sort_key):
        this = entry.date.strftime("%B %Y") if entry.date else "Undated"
        if this != month:
            out += [f"## {this}", ""]
            month = this
        stamp = " ".join(x for x in (entry.date.isoformat() if entry.date else "", entry.time) if x)
        out.append(f"### {stamp} · {headline(entry)}" + (" ★" if entry.starred else ""))
        meta = [f"*{names[entry.program_id]}*" if entry.program_id in names else "",
                " ".join(f"`@{t}`" for t in entry.tags)]
        if any(meta):
            out += ["", " · ".join(m for m in meta if m)]
        out += ["", entry.body.strip(), ""]
    return "\n".join(out).rstrip() + "\n"


def write_jrnl(entries: Sequence[JournalEntry]) -> str:
    """jrnl's plain-text journal: ``[YYYY-MM-DD HH:MM] Title`` (`` *`` when starred), the body,
    @tags in the text, and a blank line between entries, as ``jrnl --import`` reads it."""
    blocks = []
    for entry in sorted(entries, key=sort_key):
        stamp = f"{entry.date.isoformat() if entry.date else ''} {entry.time or '00:00'}"
        if entry.title.strip():
            title, body = entry.title.strip(), entry.body.strip()
        else:  # jrnl's title is the first line: all of it, so nothing is cut
            title, _, body = entry.body.strip().partition("\n")
        missing = [t for t in entry.tags if t not in tags_in(f"{title}\n{body}")]
        if missing:
            body = (body + "\n" if body else "") + " ".join(f"@{t}" for t in missing)
        blocks.append(f"[{stamp}] {title}{' *' if entry.starred else ''}" + (f"\n{body}" if body else ""))
    return "\n\n".join(blocks) + ("\n" if blocks else "")
