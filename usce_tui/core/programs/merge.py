"""Two listings of one program made one: the program kept, with what the other adds and, in its
notes, what the other says differently (nothing of either is dropped)."""

from __future__ import annotations

import dataclasses

from usce_tui.core.programs.files import EXPORT_COLUMNS, program_cells
from usce_tui.core.programs.rules import joined_text
from usce_tui.core.records import MATERIALS, Program
from usce_tui.core.values import StatusChange

# Filled from the other listing when the kept one leaves them blank.
_FILLED = ("name", "institution", "city", "state", "website", "contact_name", "contact_email",
           "contact_phone", "specialty", "supervisor", "fee_text", "deadline_text", "duration_text",
           "source_checked", "academic_affiliation", "letter_possible", "visa_support",
           "graduated_within_years")
# Joined or combined below, so never listed as "said differently".
_COMBINED = {"notes", "history", "materials_done", "materials_missing", "needs_review", "status",
             "start_dates", "eligibility_text", "visas"}


def merge_programs(keep: Program, other: Program) -> Program:
    """``keep`` with what ``other`` adds: blank fields filled from ``other``; the notes, the
    eligibility text, the start dates, the visas, the ticked materials and the history of both;
    and a note of every other thing ``other`` says differently (its cost, deadline, email,
    requirements...), which is never taken over silently: the kept program's eligibility does not
    change behind the user's back. The mark "possible duplicate" between them is gone."""
    merged = dataclasses.replace(keep, extra={**other.extra, **keep.extra}, history=[], materials={})
    blank = Program()
    for name in _FILLED:
        if getattr(merged, name) == getattr(blank, name):
            setattr(merged, name, getattr(other, name))
    if keep.fee is None and other.fee is not None:
        merged.fee, merged.fee_high, merged.fee_period = other.fee, other.fee_high, other.fee_period
    if keep.duration_weeks is None and keep.duration_max_weeks is None:
        merged.duration_weeks, merged.duration_max_weeks = other.duration_weeks, other.duration_max_weeks
    if keep.deadline_kind == "unknown" and other.deadline_kind != "unknown":
        merged.deadline_kind, merged.deadline = other.deadline_kind, other.deadline
    for name in ("type", "hands_on"):
        if getattr(keep, name) in ("other", "unknown"):
            setattr(merged, name, getattr(other, name))
    mine, theirs = program_cells(merged), program_cells(other)
    said = [f"{title}: {theirs[key]}" for key, title in EXPORT_COLUMNS
            if key not in _COMBINED and theirs[key] and theirs[key] != mine[key]]
    merged.notes = joined_text(keep.notes, other.notes)
    if said:  # what the other listing said differently is kept, not dropped
        merged.notes = joined_text(merged.notes, f"Merged from another listing of {other.name}:\n"
                                   + "\n".join(said))
    merged.eligibility_text = joined_text(keep.eligibility_text, other.eligibility_text)
    merged.review_notes = "; ".join(x for x in dict.fromkeys((keep.review_notes, other.review_notes)) if x)
    merged.needs_review = keep.needs_review or other.needs_review
    merged.start_dates = sorted(set(keep.start_dates) | set(other.start_dates))
    merged.visas = list(dict.fromkeys(keep.visas + other.visas))
    merged.materials = {key: keep.materials.get(key, False) or other.materials.get(key, False)
                        for key in MATERIALS if key in keep.materials or key in other.materials}
    steps = {(h.on, h.status, h.note): h for h in keep.history + other.history}
    merged.history = sorted(steps.values(), key=lambda h: h.on)
    if merged.history and merged.history[-1].status != keep.status:
        merged.history.append(StatusChange(keep.status, merged.history[-1].on, "kept when merging"))
    merged.duplicate_of = None if keep.duplicate_of in (other.id, None) else keep.duplicate_of
    return merged
