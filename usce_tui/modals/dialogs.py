"""Small modal dialogs that return a value with ``dismiss``; the screen that opened them acts."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, Static

from usce_tui.modals.quick import QuickScreen
from usce_tui.widgets.in_order import OrderedOptionList
from usce_tui.widgets.key_footer import KeyFooter
from usce_tui.widgets.text_box import TextBox

NOT_SAVED = "Not saved"  # the title of every notice that says a form or a save was refused


def forget_refusals(app: App[Any]) -> None:
    """The "Not saved" notices shown so far go: a save went through, or was tried again (a
    second refusal stacked its notice on the first; a date mended stayed refused on top of the
    privacy check that followed)."""
    for notice in [n for n in app._notifications if n.title == NOT_SAVED]:
        app._unnotify(notice)


class ConfirmDialog(ModalScreen[bool], QuickScreen):
    """Ask a yes/no question; ``y``/``enter`` on Yes confirms, ``n``/``escape`` declines."""

    # priority: the answer is taken the moment the key arrives, so the keys typed right after
    # it go where the answer leads (back to a form: "n" then the text typed on)
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm-yes", priority=True),
        Binding("n", "answer(False)", "No", id="confirm-no", priority=True),
        Binding("escape", "decline", "No", id="confirm-escape", priority=True, show=False),
    ]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No", *, letters: bool = True) -> None:
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no
        # False for a question the user did not ask for (it may come up while they type):
        # y and n do not answer it, only a button does (enter on "No", which has the focus)
        self.letters = letters

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.letters or action != "answer"  # escape always declines

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(self.question, id="confirm-question")
            if not self.letters:  # its footer shows no y or n: say how it is answered
                yield Static(f"tab: move to {self.yes} · enter: press the lit button · escape: {self.no}",
                             id="confirm-keys", classes="hint")
            with Horizontal(id="confirm-buttons"):
                yield Button(f"{self.yes} (y)" if self.letters else self.yes, id="yes", variant="error")
                yield Button(f"{self.no} (n)" if self.letters else self.no, id="no", variant="primary")
        yield KeyFooter()  # this dialog's keys, not those of the screen below

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    def action_decline(self) -> None:
        self.dismiss(False)


class ChoiceDialog(ModalScreen[str | None], QuickScreen):
    """Pick one of a few options (arrows and enter, or the first letters of one); escape picks
    nothing."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="choice-cancel", priority=True)]
    FIND_PAUSE = 1.0  # seconds after which a letter starts a new search

    def __init__(self, title: str, options: Sequence[str], current: str | None = "") -> None:
        """``current``: the option the cursor starts on (the first when it is not one of them;
        none with None, so that an enter typed at once chooses nothing)."""
        super().__init__()
        self.title_text = title
        self.options = list(options)
        self.current = current
        self._typed = ""
        self._typed_at = 0.0

    def compose(self) -> ComposeResult:
        with Vertical(id="choice-box", classes="dialog-box"):
            yield Static(self.title_text, classes="area-title", markup=False)  # names typed by the user
            yield OrderedOptionList(*self.options, id="choice-list")
            hint = "enter: choose · letters find one · escape: cancel"
            if self.current is None:  # nothing under the cursor yet: enter alone chooses nothing
                hint = "down, then enter: choose · letters find one · escape: cancel"
            yield Static(hint, classes="hint")
        yield KeyFooter()  # this dialog's keys, not those of the screen below

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if self.current is None:
            options.highlighted = None
        elif self.current in self.options:
            options.highlighted = self.options.index(self.current)
        options.focus()
        self.call_after_refresh(options.scroll_to_highlight)

    def on_key(self, event: events.Key) -> None:
        """Letters typed find the next option that starts with them ("1. " numbers aside)."""
        if not event.is_printable or not event.character or event.character == " ":
            return
        now = time.monotonic()
        kept = self._typed if now - self._typed_at < self.FIND_PAUSE else ""
        self._typed = kept + event.character.lower()
        self._typed_at = now
        options = self.query_one(OptionList)
        start = options.highlighted or 0
        order = [*range(start + (len(self._typed) == 1), len(self.options)), *range(0, start + 1)]
        for index in order:
            if re.sub(r"^\d+\.\s*", "", self.options[index]).lower().startswith(self._typed):
                options.highlighted = index
                options.scroll_to_highlight()
                break
        event.stop()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.options[event.option_index])


class ChecklistDialog(ModalScreen[list[str] | None], QuickScreen):
    """Tick items of a checklist, given as (key, label, done); space toggles, ctrl+s returns the
    keys ticked, escape cancels."""

    BINDINGS = [
        Binding("ctrl+s", "keep", "Save", id="checklist-save", priority=True),
        Binding("escape", "dismiss(None)", "Cancel", id="checklist-cancel", priority=True),
    ]

    def __init__(self, title: str, items: Sequence[tuple[str, str, bool]]) -> None:
        super().__init__()
        self.title_text = title
        self.items = list(items)

    def compose(self) -> ComposeResult:
        from usce_tui.widgets.ticks import Ticks  # imported when first needed (2 ms)

        with Vertical(id="checklist-box", classes="dialog-box"):
            yield Static(self.title_text, classes="area-title", markup=False)  # names typed by the user
            yield Ticks(*((label, key, done) for key, label, done in self.items), id="checklist")
            yield Static("space: tick or untick · ctrl+s: save · escape: cancel", classes="hint")
        yield KeyFooter()  # this dialog's keys, not those of the screen below

    def on_mount(self) -> None:
        self.query_one("#checklist").focus()

    def action_keep(self) -> None:
        from usce_tui.widgets.ticks import Ticks

        self.dismiss(list(self.query_one("#checklist", Ticks).selected))


class PathDialog(ModalScreen[Path | None], QuickScreen):
    """Ask for a file path; enter accepts, escape cancels.

    The folder shown stays when the user types: a file name adds to it. A whole path typed after
    it (``/…``, ``~/…``, ``C:\\…``) replaces it. Quotes around the path (as a file manager drops
    it) are removed, ``~`` is expanded and a relative path is made absolute, so messages name
    the real place. A file that must exist and does not, or a folder that does not exist, is
    said here and the dialog stays open.
    """

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="path-cancel", priority=True)]

    def __init__(self, title: str, hint: str, value: str = "", *, must_exist: bool = False,
                 check: Callable[[Path], str] | None = None, error: str = "",
                 suggested: bool = False) -> None:
        super().__init__()
        self.suggested = suggested  # value is a whole path the app suggests: what is typed replaces it
        self.error = error  # why the path given before could not be used (shown at once)
        self.title_text = title
        self.hint = hint
        self.value = value
        self.must_exist = must_exist
        self.check = check  # why a path cannot be used ("" when it can): said here, box kept open

    def compose(self) -> ComposeResult:
        with Vertical(id="path-box", classes="dialog-box"):
            yield Static(self.title_text, classes="area-title", markup=False)  # names typed by the user
            # the folder shown stays: a name typed adds to it (ctrl+u clears it); a whole path
            # suggested is selected, so that a path typed replaces it (an arrow keeps it to edit)
            box = TextBox(self.value, placeholder="path to the file", id="path-input", select_on_focus=False)
            box.default_text = self.value if self.suggested else ""
            yield box
            yield Static(Text(self.error), id="path-error")
            yield Static(self.hint, classes="hint")
        yield KeyFooter()  # this dialog's keys, not those of the screen below

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if len(text) > 1 and text[0] == text[-1] and text[0] in "'\"":
            text = text[1:-1].strip()
        if not text:
            self._refuse("Type the path of a file, or press escape.")
            return
        rest = text[len(self.value):] if self.value and text.startswith(self.value) else ""
        if rest.startswith(("/", "~")) or re.match(r"[A-Za-z]:[\\/]", rest):
            text = rest  # a whole path typed after the folder shown replaces it
        path = Path(text).expanduser().absolute()
        if self.must_exist and not path.is_file():
            self._refuse(f"There is no file at {path}." if not path.is_dir() else f"{path} is a folder.")
        elif not self.must_exist and not path.parent.is_dir():
            self._refuse(f"There is no folder {path.parent}.")
        elif self.check is not None and (reason := self.check(path)):
            self._refuse(reason[0].upper() + reason[1:])
        else:
            self.dismiss(path)

    def _refuse(self, reason: str) -> None:
        self.query_one("#path-error", Static).update(Text(reason))


class ReportDialog(ModalScreen[None], QuickScreen):
    """Show a few lines of text (an import report) until escape or enter."""

    BINDINGS = [Binding("escape", "dismiss", "Close", id="report-close", priority=True),
                Binding("enter", "dismiss", "Close", id="report-enter", show=False)]

    def __init__(self, title: str, lines: Sequence[str]) -> None:
        super().__init__()
        self.title_text = title
        self.lines = list(lines)

    def compose(self) -> ComposeResult:
        with Vertical(id="report-box", classes="dialog-box"):
            yield Static(self.title_text, classes="area-title", markup=False)  # names typed by the user
            with VerticalScroll(id="report-scroll"):
                yield Static(Text("\n".join(self.lines)), id="report-text")
            yield Static("enter or escape: close", classes="hint")
        yield KeyFooter()  # this dialog's keys, not those of the screen below


class TextDialog(ModalScreen[None], QuickScreen):
    """Show a text to read and select (a message draft); ``c`` copies it to the clipboard."""

    BINDINGS = [
        Binding("escape", "dismiss", "Close", id="text-close", priority=True),
        Binding("c", "copy", "Copy", id="text-copy", tooltip="Copy the text to the clipboard"),
    ]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.title_text = title
        self.text = text

    def compose(self) -> ComposeResult:
        from usce_tui.widgets.text_editor import TextEditor  # imported when first needed (7 ms)

        with Vertical(id="text-box", classes="dialog-box"):
            yield Static(self.title_text, classes="area-title", markup=False)  # names typed by the user
            yield TextEditor(self.text, read_only=True, soft_wrap=True, id="text-body")
            yield Static("c: copy to the clipboard (where the terminal allows it) · select with the "
                         "mouse or shift+arrows · escape: close. Nothing is sent by the app.",
                         classes="hint")
        yield KeyFooter()  # this dialog's keys, not those of the screen below

    def on_mount(self) -> None:
        self.query_one("#text-body").focus()

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.text)
        self.notify("Copied to the clipboard (if your terminal allows it).")
