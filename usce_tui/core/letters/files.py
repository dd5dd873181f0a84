"""Letters as a CSV file, with the date of every step."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from usce_tui.core.cells import SafeWriter
from usce_tui.core.letters.rules import STEPS, step_date
from usce_tui.core.records import Letter, Program


def write_letters(letters: Iterable[Letter], programs: Sequence[Program]) -> str:
    """A CSV with every letter and the date of each of its steps."""
    names = {p.id: p.name for p in programs}
    out = io.StringIO()
    writer = SafeWriter(out)
    writer.writerow(["Writer", "Title", "Email", "Specialty", "Institution", "Rotation", "Type",
                     "Status", *(f"{s.capitalize()} on" for s in (*STEPS, "declined")), "Waived",
                     "ERAS Letter ID", "Assigned to", "Reminders sent", "Materials sent", "Notes"])
    for letter in letters:
        steps = [step_date(letter, s) for s in (*STEPS, "declined")]
        writer.writerow([letter.writer_name, letter.title, letter.email, letter.specialty, letter.institution,
                         names.get(letter.program_id, ""), letter.letter_type, letter.status,
                         *("" if d is None else d.isoformat() for d in steps),
                         "yes" if letter.waived else "no", letter.eras_letter_id,
                         "; ".join(letter.assigned_to),
                         "; ".join(d.isoformat() for d in letter.reminded), "; ".join(letter.materials_sent),
                         letter.notes])
    return out.getvalue()
