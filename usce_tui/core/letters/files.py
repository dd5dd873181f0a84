"""Letters as a CSV file, with the date of every step."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from usce_tui.core.letters.rules import STEPS, step_date
from usce_tui.core.records import Letter, Program


def write_letters(letters: Iterable[Letter], programs: Sequence[Program]) -> str:
    """A CSV with every letter and the date of each of its steps."""
    names = {p.id: p.name for p in programs}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Writer", "Title", "Email", "Specialty", "Institution", "Rotation", "Type",
                     "Status", *(s.capitalize() for s in (*STEPS, "declined")), "Waived",
                     "ERAS Letter ID", "Assigned to", "Reminders sent", "Materials sent", "Notes"])
    for x in letters:
        steps = [step_date(x, s) for s in (*STEPS, "declined")]
        writer.writerow([x.writer_name, x.title, x.email, x.specialty, x.institution,
                         names.get(x.program_id, ""), x.letter_type, x.status,
                         *("" if d is None else d.isoformat() for d in steps),
                         "yes" if x.waived else "no", x.eras_letter_id, "; ".join(x.assigned_to),
                         "; ".join(d.isoformat() for d in x.reminded), "; ".join(x.materials_sent),
                         x.notes])
    return out.getvalue()
