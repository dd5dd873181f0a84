"""CSV exports are safe to open in a spreadsheet, and importing our own export gives the text back."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from usce_tui.core.budget.files import write_budget
from usce_tui.core.budget.rules import expense_line
from usce_tui.core.cells import read_cell, safe_cell
from usce_tui.core.letters.files import write_letters
from usce_tui.core.programs.files import read_programs, write_programs
from usce_tui.core.records import Expense, Letter, Program
from usce_tui.core.values import Money

ATTACKS = ["=HYPERLINK(\"http://example.invalid\",\"click\")", "+cmd|' /C calc'!A0",
           "@SUM(1+1)*cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "\t=1+1", "\r=1+1", "'=already quoted"]


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


@pytest.mark.parametrize("attack", ATTACKS)
def test_no_exported_cell_starts_a_formula(attack: str) -> None:
    """Seen: =HYPERLINK(...), +cmd|' /C calc'!A0 and @SUM(...) written out unchanged."""
    files = [write_programs([Program(name=attack, institution=attack, notes=attack)]),
             write_letters([Letter(writer_name=attack, notes=attack)], []),
             write_budget([expense_line(Expense(description=attack, amount=Money(Decimal(1), "USD")),
                                        None, None)], [], [], "USD", {})]
    for text in files:
        for cell in _cells(text):
            assert not cell or cell[0] not in "=+-@\t\r", cell


def test_plain_numbers_stay_numbers() -> None:
    assert safe_cell("-500") == "-500" and safe_cell("-12.50") == "-12.50" and safe_cell(-3) == -3
    assert safe_cell("+1 312 555 0100") == "'+1 312 555 0100"


@given(st.text(alphabet=st.sampled_from("=+-@'\tab1 ,."), min_size=1, max_size=12))
def test_a_cell_round_trips(text: str) -> None:
    assert read_cell(safe_cell(text)) == text


@pytest.mark.parametrize("attack", ATTACKS)
def test_importing_our_own_export_gives_the_original_name(attack: str) -> None:
    name = attack.strip()
    exported = write_programs([Program(name=name, institution="Fictional Hospital")])
    report = read_programs(exported, [], date(2026, 11, 24))
    assert [p.name for _, p in report.added] == [name]
