"""Dialogs for what another device or a hand edit left in the file: a record edited on two
devices (choose which version to keep) and a damaged record (mend it or delete it). Each returns
the user's choice with ``dismiss``; the app acts on it."""

from __future__ import annotations

from typing import Any

import orjson
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static, TextArea

from usce_tui.store.merge import LABELS, REVS
from usce_tui.store.store import Conflict, Damaged

SHOWN = 240  # characters of a long value shown in the comparison


def _value(raw: Any) -> str:
    if raw is None:
        return "—"
    text = raw if isinstance(raw, str) else orjson.dumps(raw).decode()
    return text if len(text) <= SHOWN else text[:SHOWN] + "…"


def _moment(raw: Any) -> str:
    """A stored time (ISO 8601, UTC) as a person reads it."""
    if isinstance(raw, str) and len(raw) >= 16 and raw[10] == "T":
        return f"{raw[:10]} {raw[11:16]} UTC"
    return _value(raw)


def record_name(table: str, raw: Any) -> str:
    """How a record is named to the user: its kind and its name, title or writer."""
    kind = LABELS.get(table, (table, table))[0]
    if isinstance(raw, dict):
        for field in ("name", "title", "writer_name", "description", "date"):
            if isinstance(raw.get(field), str) and raw[field]:
                return f"{kind} “{raw[field][:60]}”"
    return kind


def differences(mine: Any, theirs: Any) -> Table:
    """A table of the fields the two versions hold differently, this device's first."""
    table = Table(expand=True, show_edge=False, pad_edge=False)
    table.add_column("Field", ratio=1, style="bold", overflow="fold")
    table.add_column("This device", ratio=3, overflow="fold")
    table.add_column("Other copy", ratio=3, overflow="fold")
    if not isinstance(mine, dict) or not isinstance(theirs, dict):
        table.add_row("record", Text(_value(mine)), Text(_value(theirs)))
        return table
    for field in sorted(set(mine) | set(theirs)):
        if field == REVS or mine.get(field) == theirs.get(field):
            continue
        if field in ("updated", "created"):
            label = "saved at" if field == "updated" else "created at"
            table.add_row(label, Text(_moment(mine.get(field))), Text(_moment(theirs.get(field))))
            continue
        table.add_row(field.replace("_", " "), Text(_value(mine.get(field))), Text(_value(theirs.get(field))))
    return table


class ConflictDialog(ModalScreen[str | None]):
    """One record edited on two devices: ``m`` keeps this device's version, ``o`` the other
    copy's; escape decides later (both stay in the file meanwhile)."""

    BINDINGS = [
        Binding("m", "choose('mine')", "Keep this device's", id="conflict-mine"),
        Binding("o", "choose('theirs')", "Keep the other copy's", id="conflict-theirs"),
        Binding("escape", "dismiss(None)", "Later", id="conflict-later"),
    ]

    def __init__(self, conflict: Conflict, position: int, total: int) -> None:
        super().__init__()
        self.conflict = conflict
        self.position = position
        self.total = total

    def compose(self) -> ComposeResult:
        c = self.conflict
        name = record_name(c.table, c.mine if c.mine is not None else c.theirs)
        with Vertical(id="conflict-box", classes="dialog-box"):
            yield Static(Text(f"Edited on two devices ({self.position} of {self.total}): {name}"),
                         classes="area-title")
            came = f"The other version came from {c.source}" + (f" on {c.found[:10]}" if c.found else "")
            mine = ("" if c.mine is not None else
                    " This device has deleted the record since; keeping its side deletes it.")
            yield Static(Text(came + "." + mine), classes="hint")
            with VerticalScroll(id="conflict-scroll"):
                yield Static(differences(c.mine, c.theirs), id="conflict-diff")
            yield Static("m: keep this device's · o: keep the other copy's · escape: later "
                         "(both are kept until you choose)", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#conflict-scroll").focus()

    def action_choose(self, keep: str) -> None:
        self.dismiss(keep)


class DamagedDialog(ModalScreen[tuple[str, str] | None]):
    """A record the app cannot read: its text as JSON to mend (``ctrl+s`` saves it once it
    reads), or ``ctrl+d`` to delete it; escape leaves it as it is."""

    BINDINGS = [
        Binding("ctrl+s", "mend", "Save mended", id="damaged-save", priority=True),
        Binding("ctrl+d", "delete", "Delete record", id="damaged-delete", priority=True),
        Binding("escape", "dismiss(None)", "Later", id="damaged-later"),
    ]

    def __init__(self, damaged: Damaged, position: int, total: int, text: str | None = None,
                 error: str = "") -> None:
        super().__init__()
        self.damaged = damaged
        self.position = position
        self.total = total
        self.text = text if text is not None else orjson.dumps(
            damaged.raw, option=orjson.OPT_INDENT_2).decode()
        self.error = error

    def compose(self) -> ComposeResult:
        d = self.damaged
        with Vertical(id="damaged-box", classes="dialog-box"):
            yield Static(Text(f"Damaged record ({self.position} of {self.total}): "
                              f"{record_name(d.table, d.raw)}, #{d.key[:8]}"), classes="area-title")
            yield Static(Text(f"It cannot be read: it {d.reason}." if not d.reason.startswith("field")
                              else f"It cannot be read: {d.reason}."), id="damaged-reason")
            yield Static(Text(self.error), id="damaged-error")
            yield TextArea(self.text, language=None, soft_wrap=True, id="damaged-text")
            yield Static("Mend the JSON, then ctrl+s · ctrl+d: delete it (a copy stays in the "
                         "backups) · escape: later. Other records are not affected.", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_mend(self) -> None:
        self.dismiss(("mend", self.query_one(TextArea).text))

    def action_delete(self) -> None:
        self.dismiss(("delete", ""))
