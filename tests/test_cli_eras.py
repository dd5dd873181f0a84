"""Issue 18 on the command line: `usce export experiences [--format md|csv]`, `usce export
stories`, and `usce check` on ERAS's limits (a hand-edited file can hold more than ERAS takes)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from usce_tui.cli import main


def test_export_experiences_as_markdown_and_as_csv(sample_path: Path, tmp_path: Path, capsys) -> None:
    assert main(["export", "experiences", "--db", str(sample_path)]) == 0
    text = capsys.readouterr().out
    assert text.startswith("# ERAS experiences\n\n4 selected, 2 most meaningful")
    assert "## 1. Research Assistant, Psychiatry (most meaningful)" in text
    assert "Member, Peruvian Society" not in text  # not selected: left out
    assert main(["export", "experiences", "--format", "csv", "--db", str(sample_path)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["Most meaningful"] for r in rows] == ["yes", "yes", "no", "no"]
    assert rows[0]["Position title"] == "Research Assistant, Psychiatry"
    # a file named .csv is a CSV without --format, with a byte-order mark for spreadsheets
    out = tmp_path / "eras.csv"
    assert main(["export", "experiences", "-o", str(out), "--db", str(sample_path)]) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbfPosition title,Organization,Start date")


def test_a_format_that_an_export_does_not_have_is_refused(sample_path: Path, capsys) -> None:
    assert main(["export", "experiences", "--format", "jrnl", "--db", str(sample_path)]) == 2
    assert "--format jrnl: the experiences export is written as md or csv." in capsys.readouterr().err
    assert main(["export", "programs", "--format", "csv", "--db", str(sample_path)]) == 2
    assert "the programs export is written in one format only" in capsys.readouterr().err


def test_export_stories_lists_the_bank_and_every_question(sample_path: Path, capsys) -> None:
    assert main(["export", "stories", "--db", str(sample_path)]) == 0
    text = capsys.readouterr().out
    assert text.startswith("# Story bank")
    assert "## Feedback\n\n### Feedback session (" in text
    assert "seen by Dr. Omar Haddad" in text
    questions = text[text.index("# Interview questions"):]
    assert questions.count("\n## ") == 10  # the 6 saved with their stories, and the other common ones
    assert "## How do you handle feedback or mistakes?\n\n- Story: Feedback session" in questions


def test_check_names_the_experiences_past_erass_limits(sample_path: Path, capsys) -> None:
    assert main(["check", "--db", str(sample_path)]) == 0
    assert "experiences" in capsys.readouterr().out
    doc = json.loads(sample_path.read_text(encoding="utf-8"))
    experiences = doc["experiences"]
    first = next(iter(experiences))
    experiences[first]["description"] = "x" * 751
    for n in range(8):  # 4 selected + 8 = 12
        experiences[f"00000000-0000-4000-8000-00000000000{n}"] = {"title": f"Extra {n}", "selected": True,
                                                                  "meaningful": n < 2}
    question = next(iter(doc["questions"]))
    doc["questions"][question]["stories"].append("1" * 36)
    sample_path.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["check", "--db", str(sample_path)]) == 1
    out = capsys.readouterr().out
    assert f"experiences #{first[:8]}: description is 751 characters; ERAS takes 750" in out
    assert "experiences: 12 experiences are selected; ERAS takes 10" in out
    assert "experiences: 4 experiences are marked most meaningful; ERAS takes 3" in out
    assert f"questions #{question[:8]}: links a journal entry that does not exist (#11111111)" in out


def test_check_privacy_looks_at_the_experiences_too(sample_path: Path, capsys) -> None:
    doc = json.loads(sample_path.read_text(encoding="utf-8"))
    key = next(iter(doc["experiences"]))
    doc["experiences"][key]["description"] = "Helped Mrs. Kowalczyk, MRN 12345678, with her forms."
    sample_path.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["check", "--privacy", "--db", str(sample_path)]) == 1
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("experience ")]
    assert f"experience #{key[:8]}\tMRN\t12345678" in lines
    assert any("Kowalczyk" in line for line in lines)


def test_check_lists_the_experiences_to_finish_without_failing(sample_path: Path, capsys) -> None:
    assert main(["check", "--db", str(sample_path)]) == 0
    out = capsys.readouterr().out
    assert "ERAS experiences to finish (1; not a problem of the file):" in out
    assert ": needs a description" in out  # the rotating internship, selected and not described


def test_a_file_name_or_an_option_that_does_not_fit_the_export_is_refused(sample_path: Path, tmp_path: Path,
                                                                          capsys) -> None:
    stories = tmp_path / "stories.csv"
    assert main(["export", "stories", "-o", str(stories), "--db", str(sample_path)]) == 2
    assert ("the stories export is not a CSV file (it writes Markdown); name the file .md."
            in capsys.readouterr().err)
    assert not stories.exists()
    # the other way too: a spreadsheet under a Markdown or calendar name (a newcomer's d.md was CSV)
    for what, name in (("documents", "d.md"), ("budget", "b.ics"), ("programs", "p.json")):
        assert main(["export", what, "-o", str(tmp_path / name), "--db", str(sample_path)]) == 2
        assert "(it writes CSV); name the file .csv." in capsys.readouterr().err
        assert not (tmp_path / name).exists()
    assert main(["export", "programs", "-o", str(tmp_path / "p.txt"), "--db", str(sample_path)]) == 0
    md_as_csv = tmp_path / "eras.csv"
    assert main(["export", "experiences", "--format", "md", "-o", str(md_as_csv),
                 "--db", str(sample_path)]) == 2
    assert "name the file .md or give --format csv." in capsys.readouterr().err
    assert main(["export", "experiences", "--starred", "--db", str(sample_path)]) == 2
    assert "--starred: only the journal export is narrowed by these." in capsys.readouterr().err
