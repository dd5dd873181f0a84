"""Whole-file checks for `usce check`: every record decodes, uses known values, and points at
records that exist. A problem names the table, the record's key and what is wrong, never the
record's content (a journal entry's text stays out of terminals and logs)."""

from __future__ import annotations

from typing import Any

from usce_tui.core.codec import json_kind
from usce_tui.core.eras.rules import count_problems, limit_problems
from usce_tui.core.parse import counted, one_or_many
from usce_tui.core.records import (
    RECORD_TYPES,
    Correspondence,
    Expense,
    Experience,
    JournalEntry,
    Letter,
    Program,
    Question,
    Record,
    Trip,
)
from usce_tui.store.migrations import CONFLICTS, META, schema_version


def short(key: object) -> str:
    """A record's key as shown to the user: the first 8 characters of its UUID."""
    return f"#{str(key)[:8]}"


def _decoded(kind: type[Record], raw_table: Any, problems: list[str]) -> list[Record]:
    records: list[Record] = []
    if not isinstance(raw_table, dict):
        problems.append(f"{kind.TABLE}: is {json_kind(raw_table)}, not a table of records")
        return records
    for doc_id, raw in raw_table.items():
        where = f"{kind.TABLE} {short(doc_id)}"
        if not isinstance(raw, dict):
            problems.append(f"{where}: is {json_kind(raw)}, not a record")
            continue
        try:
            record = kind.from_dict(raw, str(doc_id))
        except (ValueError, TypeError) as exc:
            problems.append(f"{where}: {exc}")
            continue
        problems.extend(f"{where}: {p}" for p in record.problems())
        records.append(record)
    return records


def check_document(doc: dict[str, Any]) -> list[str]:
    """Every problem in a data document, one sentence each (empty when all is well)."""
    problems: list[str] = []
    if schema_version(doc) <= 0:
        problems.append(f"{META}: no schema version")
    by_kind = {kind: _decoded(kind, doc.get(kind.TABLE, {}), problems) for kind in RECORD_TYPES}
    programs = [r for r in by_kind[Program] if isinstance(r, Program)]
    trips = [r for r in by_kind[Trip] if isinstance(r, Trip)]
    program_ids = {r.id for r in programs}
    trip_ids = {r.id for r in trips}

    stored = {name: set(t) if isinstance(t := doc.get(name), dict) else set()
              for name in ("programs", "trips")}

    def need(where: str, what: str, ref: str | None, known: set[str | None]) -> None:
        if ref is not None and ref not in known:
            table = "programs" if what == "program" else "trips"
            state = "is damaged (named above)" if ref in stored[table] else "does not exist"
            problems.append(f"{where}: refers to {what} {short(ref)}, which {state}")

    for trip in trips:
        for pid in trip.program_ids:
            need(f"trips {short(trip.id)}", "program", pid, program_ids)
    for expense in (r for r in by_kind[Expense] if isinstance(r, Expense)):
        need(f"expenses {short(expense.id)}", "trip", expense.trip_id, trip_ids)
        need(f"expenses {short(expense.id)}", "program", expense.program_id, program_ids)
    for letter in (r for r in by_kind[Letter] if isinstance(r, Letter)):
        need(f"letters {short(letter.id)}", "program", letter.program_id, program_ids)
    for message in (r for r in by_kind[Correspondence] if isinstance(r, Correspondence)):
        need(f"correspondence {short(message.id)}", "program", message.program_id, program_ids)
        if message.on is None:
            problems.append(f"correspondence {short(message.id)}: has no date")
    experiences = [r for r in by_kind[Experience] if isinstance(r, Experience)]
    for experience in experiences:
        where = f"experiences {short(experience.id)}"
        need(where, "program", experience.program_id, program_ids)
        problems.extend(f"{where}: {p}" for p in limit_problems(experience))
    problems.extend(f"experiences: {p}" for p in count_problems(experiences))
    entry_ids = {r.id for r in by_kind[JournalEntry]}
    for question in (r for r in by_kind[Question] if isinstance(r, Question)):
        missing = [s for s in question.stories if s not in entry_ids]
        if missing:
            which = ("a journal entry that does" if len(missing) == 1
                     else f"{len(missing)} journal entries that do")
            problems.append(f"questions {short(question.id)}: links {which} not exist "
                            f"({', '.join(short(m) for m in missing)})")
    for entry in (r for r in by_kind[JournalEntry] if isinstance(r, JournalEntry)):
        need(f"journal {short(entry.id)}", "program", entry.program_id, program_ids)
        if entry.date is None:
            problems.append(f"journal {short(entry.id)}: has no date")
    waiting = doc.get(CONFLICTS)
    if isinstance(waiting, dict) and waiting:
        waits = one_or_many(len(waiting), "waits", "wait")
        problems.append(f"{CONFLICTS}: {counted(len(waiting), 'record')} edited on two computers {waits} "
                        "for you to choose which version to keep (in the app: ctrl+p, Conflicts)")
    return problems
