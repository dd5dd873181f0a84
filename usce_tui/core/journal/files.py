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
        return out


def identity(entry: JournalEntry) -> tuple[str, str, str, str]:
    """What makes two entries the same: date, time, title and body."""
    return (entry.date.isoformat() if entry.date else "", entry.time, entry.title.strip(),
            entry.body.strip())


def _jrnl_entry(raw: dict[str, Any]) -> JournalEntry:
    day = date.fromisoformat(str(raw["date"]))
    time = str(raw.get("time", ""))[:5]
    title, body = str(raw.get("title", "")), str(raw.get("body", ""))
    tags = merge_tags((str(t) for t in raw.get("tags", [])), tags_in(f"{title}\n{body}"))
    return JournalEntry(date=day, time=time, title=title.strip(), body=body.strip("\n"), tags=tags,
                        starred=bool(raw.get("starred", False)))


def _dayone_entry(raw: dict[str, Any]) -> JournalEntry:
    moment = datetime.fromisoformat(str(raw["creationDate"]).replace("Z", "+00:00"))
    zone = raw.get("timeZone")
    if zone:  # an unknown zone keeps the time as exported (UTC)
        with contextlib.suppress(ZoneInfoNotFoundError, ValueError):
            moment = moment.astimezone(ZoneInfo(str(zone)))
    text = str(raw.get("text", ""))
    first, _, rest = text.partition("\n")
    title = first.strip().lstrip("#").strip() if rest.strip() else ""
    body = rest.strip("\n") if title else text.strip("\n")
    tags = merge_tags((str(t) for t in raw.get("tags", [])), tags_in(text))
    return JournalEntry(date=moment.date(), time=moment.strftime("%H:%M"), title=title, body=body,
                        tags=tags, starred=bool(raw.get("starred", False)))


def read_journal_export(text: str, existing: Iterable[JournalEntry]) -> JournalImport:
    """Entries from a jrnl (``jrnl --format json``) or Day One JSON export, told apart by their
    content; entries already in the journal (same date, time, title and body) are not added."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UnreadableJournal(f"is not JSON ({exc.msg} at line {exc.lineno})") from None
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
            entry = _dayone_entry(raw) if dayone else _jrnl_entry(raw)
        except (KeyError, ValueError, TypeError, AttributeError):
            report.skipped.append(f"entry {number}: no readable date")
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
