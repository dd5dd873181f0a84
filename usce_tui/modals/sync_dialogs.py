"""Dialogs for what another device or a hand edit left in the file: a record edited on two
devices (choose which version to keep) and a damaged record (mend it or delete it). Each returns
the user's choice with ``dismiss``; the app acts on it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from usce_tui.modals.quick import QuickScreen
from usce_tui.store.merge import LABELS, REVS
from usce_tui.store.store import Conflict, Damaged, as_reason, unreadable
from usce_tui.widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from usce_tui.widgets.text_editor import TextEditor

SHOWN = 5000  # characters of a long value shown in the comparison (it scrolls)


def _value(raw: Any) -> str:
    if raw is None:
        return "—"
    try:
        text = raw if isinstance(raw, str) else orjson.dumps(raw).decode()
    except TypeError:  # nested too deeply for JSON, or not JSON at all
        text = repr(raw)[:SHOWN]
    return text if len(text) <= SHOWN else text[:SHOWN] + "…"


def _as_json(raw: Any) -> str:
    """A damaged record as JSON to edit (as Python text when JSON cannot hold it)."""
    try:
        return orjson.dumps(raw, option=orjson.OPT_INDENT_2).decode()
    except TypeError:
        return repr(raw)


def _moment(raw: Any) -> str:
    """A stored time (ISO 8601, UTC) as a person reads it."""
    if isinstance(raw, str) and len(raw) >= 19 and raw[10] == "T":
        return f"{raw[:10]} {raw[11:19]} UTC"
    return _value(raw)


def record_name(table: str, raw: Any) -> str:
    """How a record is named to the user: its kind and its name, title or writer."""
    kind = LABELS.get(table, (table, table))[0]
    if isinstance(raw, dict):
        for field in ("name", "title", "writer_name", "description", "date"):
            if isinstance(raw.get(field), str) and raw[field]:
                return f"{kind} “{raw[field][:60]}”"
    return kind


def differences(current: Any, other: Any) -> Table:
    """A table of the fields the two versions hold differently, the version in use first."""
    table = Table(expand=True, show_edge=False, pad_edge=False)
    table.add_column("Field", ratio=1, style="bold", overflow="fold")
    table.add_column("In use now", ratio=3, overflow="fold")
    table.add_column("Other version", ratio=3, overflow="fold")
    if not isinstance(current, dict) or not isinstance(other, dict):
        table.add_row("record", Text(_value(current)), Text(_value(other)))
        return table
    for field in sorted(set(current) | set(other)):
        if field == REVS or current.get(field) == other.get(field):
            continue
        if field in ("updated", "created"):
            label = "saved at" if field == "updated" else "created at"
            table.add_row(label, Text(_moment(current.get(field))), Text(_moment(other.get(field))))
            continue
        table.add_row(field.replace("_", " "), Text(_value(current.get(field))),
                      Text(_value(other.get(field))))
    return table


class ConflictDialog(ModalScreen[str | None], QuickScreen):
    """One record edited on two computers: ``k`` keeps the version in use (the one saved later),
    ``o`` takes the other; escape decides later (both stay in the file meanwhile)."""

    BINDINGS = [
        Binding("k", "choose('current')", "Keep the version in use", id="conflict-current", priority=True),
        Binding("o", "choose('other')", "Use the other version", id="conflict-other", priority=True),
        Binding("escape", "dismiss(None)", "Later", id="conflict-later", priority=True),
    ]

    def __init__(self, conflict: Conflict, position: int, total: int) -> None:
        super().__init__()
        self.conflict = conflict
        self.position = position
        self.total = total

    def compose(self) -> ComposeResult:
        c = self.conflict
        name = record_name(c.table, c.current)
        with Vertical(id="conflict-box", classes="dialog-box"):
            yield Static(Text(f"Edited on two computers ({self.position} of {self.total}): {name}"),
                         classes="area-title")
            found = f" on {c.found[:10]}" if c.found else ""
            came = (f"Both versions are kept until you choose; the one saved later is in use (found"
                    f"{found}, in {c.source}).")
            yield Static(Text(came), classes="hint")
            for which, raw in (("The version in use", c.current), ("The other version", c.other)):
                if why := unreadable(c.table, raw):  # a newcomer chose a hand-broken one unwarned
                    yield Static(Text(f"{which} cannot be read: {why}. Chosen, the record goes among "
                                      "the damaged records, to mend there."), classes="hint -unreadable")
            with VerticalScroll(id="conflict-scroll"):
                yield Static(differences(c.current, c.other), id="conflict-diff")
            yield Static("k: keep the version in use · o: use the other version · escape: later "
                         "(both are kept until you choose)", classes="hint")
        yield KeyFooter(compact=False)

    def on_mount(self) -> None:
        self.query_one("#conflict-scroll").focus()

    def action_choose(self, keep: str) -> None:
        self.dismiss(keep)


class DamagedDialog(ModalScreen[tuple[str, str] | None], QuickScreen):
    """A record the app cannot read: its text as JSON to mend (``ctrl+s`` saves it once it
    reads), or ``ctrl+d`` to delete it; escape leaves it as it is."""

    BINDINGS = [
        Binding("ctrl+s", "mend", "Save mended", id="damaged-save", priority=True),
        Binding("ctrl+d", "delete", "Delete record", id="damaged-delete", priority=True),
        Binding("escape", "later", "Later (next record)", id="damaged-later", priority=True),
    ]

    def __init__(self, damaged: Damaged, position: int, total: int, text: str | None = None,
                 error: str = "", cursor: tuple[int, int] | None = None) -> None:
        super().__init__()
        self.damaged = damaged
        self.position = position
        self.total = total
        self.original = _as_json(damaged.raw)  # as stored: what escape leaves it as
        self.text = text if text is not None else self.original
        self.error = error
        self.cursor = cursor  # where the typing was, when it opens again on the same text

    def compose(self) -> ComposeResult:
        from usce_tui.widgets.text_editor import TextEditor  # imported when first needed (7 ms)

        d = self.damaged
        with Vertical(id="damaged-box", classes="dialog-box"):
            yield Static(Text(f"Damaged record ({self.position} of {self.total}): "
                              f"{record_name(d.table, d.raw)}, #{d.key[:8]}"), classes="area-title")
            yield Static(Text(f"It cannot be read: {as_reason(d.reason)}."), id="damaged-reason")
            yield Static(Text(f"Not saved: {self.error}" if self.error else ""), id="damaged-error")
            yield TextEditor(self.text, language=None, soft_wrap=True, id="damaged-text")
            yield Static("Mend the JSON, then ctrl+s · ctrl+d: delete it (the file is backed up "
                         "first) · escape: leave it for later. Other records are not affected.",
                         classes="hint")
        yield KeyFooter(compact=False)

    def on_mount(self) -> None:
        editor = self._editor()
        editor.focus()
        if self.cursor is not None:  # back after a refused save, or "Keep editing": carry on where
            editor.move_cursor(self.cursor)  # the typing was (at the end, it went out of sight)
            editor.call_after_refresh(editor.scroll_cursor_visible, animate=False)
        elif self.error or self.text != self.original:
            editor.move_cursor(editor.document.end)

    def action_mend(self) -> None:
        self.cursor = self._editor().cursor_location
        self.dismiss(("mend", self._editor().text))

    def _editor(self) -> TextEditor:
        from usce_tui.widgets.text_editor import TextEditor

        return self.query_one("#damaged-text", TextEditor)

    def action_delete(self) -> None:
        self.dismiss(("delete", ""))

    def action_later(self) -> None:
        self.cursor = self._editor().cursor_location
        self.dismiss(("later", self._editor().text))  # asked first when it was changed
