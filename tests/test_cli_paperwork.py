"""Issue 17 on the command line: `usce export documents`, and `usce check` on the new tables."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from usce_tui.cli import main


def test_export_documents_is_a_csv_with_derived_expiries(sample_path: Path, capsys) -> None:
    assert main(["export", "documents", "--db", str(sample_path)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 14
    (tb,) = [r for r in rows if r["Kind"] == "TB test"]
    assert (tb["Obtained"], tb["Expires"], tb["Expiry derived"]) == ("2025-12-30", "2026-12-29", "yes")
    (passport,) = [r for r in rows if r["Kind"] == "passport"]
    assert (passport["Expires"], passport["Expiry derived"]) == ("2027-08-15", "no")


def test_check_counts_the_new_tables_and_names_a_message_whose_program_is_gone(sample_path: Path,
                                                                             capsys) -> None:
    assert main(["check", "--db", str(sample_path)]) == 0  # paperwork to act on is not a problem of the file
    out = capsys.readouterr().out
    assert "documents" in out and "correspondence" in out
    assert "paperwork to act on" in out and "the passport expires on 15/08/2027" in out
    doc = json.loads(sample_path.read_text(encoding="utf-8"))
    key = next(iter(doc["correspondence"]))
    doc["correspondence"][key]["program_id"] = "0" * 36
    doc["documents"][next(iter(doc["documents"]))]["status"] = "lost"
    sample_path.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["check", "--db", str(sample_path)]) == 1
    out = capsys.readouterr().out
    assert f"correspondence #{key[:8]}: refers to program #00000000, which does not exist" in out
    assert "status 'lost' is not one of: missing, requested, have it, sent" in out
