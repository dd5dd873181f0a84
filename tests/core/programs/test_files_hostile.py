"""Programs CSV import of files the csv module cannot read: a huge cell, a stray carriage
return. Each gives ``UnreadableFile`` with one sentence naming the row, never a traceback.
All names below are fictional."""

from __future__ import annotations

import csv

import pytest

from tests.conftest import TODAY
from usce_tui.core.programs.files import UnreadableFile, read_programs


def test_a_cell_a_bit_over_the_csv_default_limit_is_read() -> None:
    notes = "n" * 200_000  # over csv's default 131,072 but under the 1 MB bound
    report = read_programs(f"Name,Notes\nAlpha Observership,{notes}\n", [], TODAY)
    assert [p.notes for _, p in report.added] == [notes]


def test_a_cell_over_one_megabyte_is_refused_naming_the_row() -> None:
    text = "Name,Notes\nAlpha Observership,short\nBeta Externship," + "x" * 1_100_000 + "\n"
    with pytest.raises(UnreadableFile) as caught:
        read_programs(text, [], TODAY)
    assert str(caught.value) == "has a cell longer than 1 MB in row 3; check that it is the right file"
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_a_huge_cell_in_the_header_row_is_refused() -> None:
    with pytest.raises(UnreadableFile, match="cell longer than 1 MB in row 1;"):
        read_programs("Name," + "h" * 1_100_000 + "\nAlpha\n", [], TODAY)


def test_the_row_number_counts_records_not_lines() -> None:
    text = 'Name,Notes\n"Alpha\nObservership",ok\nBeta,' + "x" * 1_100_000 + "\n"
    with pytest.raises(UnreadableFile, match="in row 3;"):
        read_programs(text, [], TODAY)


@pytest.mark.parametrize("text, row", [
    ("Name,Notes\nAlpha,ok\nBeta,half\rline\n", 3),  # a lone carriage return in an unquoted cell
    ("Name\rNotes,x\nAlpha\n", 1),
])
def test_other_csv_errors_are_one_sentence_naming_the_row(text: str, row: int) -> None:
    with pytest.raises(UnreadableFile) as caught:
        read_programs(text, [], TODAY)
    message = str(caught.value)
    assert message.startswith("cannot be read as CSV") and f"row {row}" in message
    assert "\n" not in message and "universal-newline" not in message
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_the_csv_limit_is_raised_not_lowered() -> None:
    assert csv.field_size_limit() >= 1 << 20


def test_the_sentences_read_well_after_the_file_name() -> None:
    """The importer prints ``f"{file} {message}."``: no sentence ends twice."""
    for text in ("Name\n" + "x" * 1_100_000, "Name\nA\rB\n"):
        with pytest.raises(UnreadableFile) as caught:
            read_programs(text, [], TODAY)
        assert not str(caught.value).endswith((".", "?", "!"))
