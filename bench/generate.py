"""A large, fictional data file: 1,000 programs, 5,000 journal entries of ~2 KB (one in ten
starred), 300 expenses, 50 letters, 12 ERAS experiences and 12 interview questions (about 12 MB)."""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import orjson

from usce_tui.core.records import (
    EXPENSE_CATEGORIES,
    PROGRAM_STATUSES,
    PROGRAM_TYPES,
    Expense,
    Experience,
    JournalEntry,
    Letter,
    Profile,
    Program,
    Question,
)
from usce_tui.core.values import Money, StatusChange
from usce_tui.store.migrations import SCHEMA_VERSION

WORDS = ("rounds team feedback case learned handoff culture patient-safety communication "
         "evidence teaching attending resident presentation differential plan follow-up "
         "reflection skills guideline consent").split()


def large_document(programs: int = 1000, entries: int = 5000, expenses: int = 300,
                   letters: int = 50, seed: int = 7) -> dict:
    """The benchmark document, deterministic for a seed."""
    rng = random.Random(seed)
    start = date(2024, 1, 1)
    ts = "2026-11-24T09:00:00+00:00"
    doc: dict = {"meta": {"1": {"schema_version": SCHEMA_VERSION, "created": ts, "updated": ts}}}

    def key(table: str, i: int) -> str:  # a UUID, the same for a seed, so links can point at it
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"bench/{seed}/{table}/{i}"))

    def put(record, i: int) -> None:
        record.created = record.updated = ts
        doc.setdefault(record.TABLE, {})[key(record.TABLE, i)] = record.to_dict()

    profile = Profile(name="Bench User", graduation_date=date(2023, 6, 1), home_currency="INR")
    profile.created = profile.updated = ts
    doc["profile"] = {"1": profile.to_dict()}
    for i in range(1, programs + 1):
        put(Program(
            name=f"Program {i} {rng.choice(WORDS).title()}", institution=f"Institution {i % 97}",
            city=f"City {i % 50}", state="NY", type=rng.choice(PROGRAM_TYPES),
            specialty=rng.choice(["Internal Medicine", "Pediatrics", "Surgery", "Psychiatry"]),
            fee=Money(Decimal(rng.randrange(0, 5000)), "USD"), status=rng.choice(PROGRAM_STATUSES),
            deadline_kind="date", deadline=start + timedelta(days=rng.randrange(0, 900)),
            requirements=["step1", "ecfmg"][: rng.randrange(0, 3)],
            history=[StatusChange("researching", start)], notes=" ".join(rng.choices(WORDS, k=30)),
        ), i)
    for i in range(1, entries + 1):
        body = " ".join(rng.choices(WORDS, k=230))[:2000]
        put(JournalEntry(date=start + timedelta(days=i // 4), time="20:00",
                         program_id=key("programs", rng.randrange(1, 50)), title=f"Day {i}", body=body,
                         tags=rng.sample(WORDS, 2), starred=i % 10 == 0), i)  # one in ten starred
    for i in range(1, expenses + 1):
        put(Expense(program_id=key("programs", rng.randrange(1, programs + 1)),
                    category=rng.choice(EXPENSE_CATEGORIES), description=f"Cost {i}",
                    amount=Money(Decimal(rng.randrange(10, 3000)), "USD")), i)
    for i in range(1, letters + 1):
        put(Letter(writer_name=f"Dr. Writer {i}", email=f"w{i}@example.org", specialty="Pediatrics",
                   program_id=key("programs", rng.randrange(1, programs + 1))), i)
    for i in range(1, 13):  # ERAS: a full list of experiences, and questions linked to stories
        put(Experience(program_id=key("programs", i), title=f"Clinical Observer {i}",
                       organization=f"Institution {i}", start=start + timedelta(days=30 * i),
                       description=" ".join(rng.choices(WORDS, k=90))[:740], selected=i <= 10,
                       meaningful=i <= 3, reflection=" ".join(rng.choices(WORDS, k=30))[:290]), i)
        put(Question(text=f"Question {i}?", stories=[key("journal", 10 * j) for j in range(i, i + 3)]), i)
    return doc


def write_large_file(path: Path, **sizes: int) -> int:
    """Write the benchmark file (sizes as for ``large_document``); return its size in bytes."""
    data = orjson.dumps(large_document(**sizes))
    path.write_bytes(data)
    return len(data)
