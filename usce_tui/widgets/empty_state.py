"""EmptyState: what a screen with nothing to show says, its keys in a column of their own."""

from __future__ import annotations

import re

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

# "  a   add a trip": two spaces, the key (words with single spaces), two or more spaces, what it does
KEY_LINE = re.compile(r"^  (\S+(?: \S+)*?) {2,}(\S.*)$")


def _grid(rows: list[re.Match[str]]) -> RenderableType:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    for match in rows:
        grid.add_row(Text.from_markup(match[1]), Text.from_markup(match[2]))
    return Padding(grid, (0, 0, 0, 2))


def keyed(text: str) -> RenderableType:
    """``text`` (markup) with each run of key lines laid out as two columns: what a key does,
    wrapped on a narrow terminal, stays beside its key (it wrapped back under the key column:
    "add a trip; then tab to its costs and press a again to add / each cost" at 80 columns)."""
    parts: list[RenderableType] = []
    prose: list[str] = []
    keys: list[re.Match[str]] = []
    for line in [*text.split("\n"), None]:
        match = KEY_LINE.match(line) if line is not None else None
        if keys and match is None:
            parts.append(_grid(keys))
            keys = []
        if prose and (match is not None or line is None):
            parts.append(Text.from_markup("\n".join(prose)))
            prose = []
        if match is not None:
            keys.append(match)
        elif line is not None:
            prose.append(line)
    return Group(*parts)


class EmptyState(Static):
    """The text of an empty screen (``plain``: the same, as plain text)."""

    def __init__(self, text: str, *, classes: str | None = None) -> None:
        super().__init__(keyed(text), classes=classes)
        self.plain = Text.from_markup(text).plain
