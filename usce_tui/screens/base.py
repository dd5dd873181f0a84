"""What every screen shares: typed access to the app and its store, reload on resume, and
saving, deleting and undoing records the same way everywhere."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Hashable, Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, runtime_checkable

from rich.style import Style
from textual import events, work
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input

from usce_tui.commands import Command, binding_commands
from usce_tui.core.records import Record
from usce_tui.modals.dialogs import NOT_SAVED, ConfirmDialog, forget_refusals
from usce_tui.modals.field_keys import FieldKeys
from usce_tui.modals.quick import QuickScreen
from usce_tui.store.storage import StorageError
from usce_tui.store.store import Store
from usce_tui.widgets.area_bar import AREAS, AreaBar
from usce_tui.widgets.paged_table import PagedTable
from usce_tui.widgets.text_box import TextBox, takes_typing

if TYPE_CHECKING:
    from usce_tui.app import UsceApp

R = TypeVar("R", bound=Record)
T = TypeVar("T")
# What ``a`` opens: the form's factory, the new record, and what saving it says.
NewRecordForm = tuple[Callable[[Any], ModalScreen[Any]], Record, Callable[[Any], str]]


def list_bindings(area: str, noun: str, add_tooltip: str, add: str = "Add") -> list[Binding]:
    """The keys every list shares: a add, e edit, x delete (asks), u undo the last delete.

    a and e open a form and x a dialog; as every letter key of an area (``BaseScreen``), they
    act the moment they arrive, so the keys typed right after them go to the form or the dialog.
    """
    return [
        Binding("a", "add", add, id=f"{area}-add", tooltip=add_tooltip),
        Binding("e", "edit", "Edit", id=f"{area}-edit", tooltip=f"Edit the {noun} (or enter)"),
        Binding("x", "delete", "Delete", id=f"{area}-delete", tooltip=f"Delete the {noun} (asks)"),
        Binding("u", "undo", "Undo", id=f"{area}-undo", show=False, tooltip="Bring back the last deleted"),
    ]


def detail_binding(area: str) -> Binding:
    """space hides the detail (or preview) pane, giving its rows to the list, and shows it again."""
    return Binding("space", "toggle_detail", "Details", id=f"{area}-details", show=False,
                   tooltip="Hide or show the details pane")


@runtime_checkable
class KeepsTyping(Protocol):
    """A form that can be told that what it shows was never saved (a save failed)."""

    not_saved_yet: bool


@runtime_checkable
class HasList(Protocol):
    """A screen whose records are listed in one table (Programs, Letters, Journal)."""

    @property
    def table(self) -> PagedTable[Any]: ...


def _is_letter(key: str) -> bool:
    return any(len(k) == 1 and k.isalpha() for k in key.split(","))


class BaseScreen(QuickScreen):
    """A top-level area (a Textual mode) that reloads from the store whenever it is shown."""

    # tab moves the moment it arrives, so that "tab a" adds where tab went (see ``in_order``)
    BINDINGS = [
        Binding("tab", "app.focus_next", "Next", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", "Previous", show=False, priority=True),
    ]

    AREA = ""  # the area's name, as the palette shows it
    HELP = ""  # what the screen's marks mean, a line each ("mark  meaning"), for the help screen

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Every key of an area that is a letter acts the moment it arrives, as a, e and x do
        (``check_action`` still lets it through to a text field or a dropdown that has the
        focus). Let through the list first, it was acted on only after the keys typed behind
        it: "s ctrl+p" on Journal opened the palette and lost the star."""
        if "BINDINGS" in cls.__dict__:
            cls.BINDINGS = [dataclasses.replace(b, priority=True)
                            if isinstance(b, Binding) and _is_letter(b.key) else b for b in cls.BINDINGS]
        super().__init_subclass__(**kwargs)

    def __init__(self) -> None:
        super().__init__()
        self._stamp: tuple[int, date] | None = None  # (store generation, today) last shown
        # records as they were, what u says, and the records u removes (those an import added)
        # records to put back, what to say, records to remove again, and the links a delete
        # undid as (changed, original) pairs: put back on the records as they are by then
        self._undo: tuple[list[Record], str, list[Record], list[tuple[Record, Record]]] | None = None
        self._unfocused: set[Widget] = set()  # the widgets the empty state took out of the tab order

    @property
    def usce(self) -> UsceApp:
        return self.app  # type: ignore[return-value]

    @property
    def store(self) -> Store:
        return self.usce.store

    def on_mount(self) -> None:
        self.usce.register_area(self)

    def set_focus(self, widget: Widget | None, scroll_visible: bool = True,
                  from_app_focus: bool = False) -> None:
        """As Textual's, except that the focus a screen is given as it is built does not scroll
        it: Textual scrolls to a focused widget it cannot show whole, and the dashboard's task
        list, focused before its size was known, scrolled the dashboard's first line (whose it
        is, the stage) out of sight at every start."""
        super().set_focus(widget, scroll_visible and self.is_mounted, from_app_focus)

    def has_unsaved_changes(self) -> bool:
        """True while a form on this screen holds text that is not saved (override)."""
        return False

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        """Read the store again (and, as ``QuickScreen``, skip Textual's restyle: 80 widgets on
        Profile were most of a return's time)."""
        self.refresh_data()
        self._plan_spare_form()

    def refresh_data(self) -> None:
        """Re-read what this screen shows from the store (override)."""

    def select_record(self, record_id: str) -> None:
        """Show one record with the cursor on it, as the dashboard asks (override)."""
        self.refresh_data()

    @property
    def loaded(self) -> bool:
        """True once the screen has read the store (its widgets post messages before that)."""
        return self._stamp is not None

    def data_changed(self) -> bool:
        """True once after each change of the file (or of the day): screens rebuild only then."""
        stamp = (self.store.generation, self.usce.today())
        if stamp == self._stamp:
            return False
        self._stamp = stamp
        return True

    def area_bar(self) -> AreaBar:
        """The bar at the top: every area, this one marked, and the data file where it fits."""
        mode = next((mode for mode, _key, title in AREAS if title == self.AREA), "")
        return AreaBar(mode, where=self.app.sub_title)

    def palette_commands(self) -> list[Command]:
        """Every key of this screen as a palette command, named by what it does."""
        return binding_commands(self, self.AREA, (b for b in self.BINDINGS if isinstance(b, Binding)))

    # Keys that are characters but not letters and act on the screen ("/"): in a text field or a
    # dropdown they are typed instead, as every key that is a letter is (``_letter_actions``).
    FORM_KEYS = frozenset({"focus_filter"})
    # Actions on the record under the cursor: hidden while the screen has no record.
    NEEDS_RECORD: frozenset[str] = frozenset({"edit", "delete", "focus_filter", "clear_filter"})
    _empty = False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that do nothing now are hidden; the keys that are letters are typed while a
        text field or a dropdown has the focus, so they are hidden then (the footer offered
        "s Sort" while the s went to the filter's dropdown)."""
        if action in self.NEEDS_RECORD and self._empty:
            return False
        typed_here = action in self.FORM_KEYS or action in self._letter_actions()
        return not (typed_here and takes_typing(self.focused))

    _LETTERS: dict[type, frozenset[str]] = {}

    @classmethod
    def _letter_actions(cls) -> frozenset[str]:
        """The actions of this screen's keys that are letters (worked out once per screen)."""
        if cls not in BaseScreen._LETTERS:
            BaseScreen._LETTERS[cls] = frozenset(
                binding.action.split("(")[0] for binding in cls.BINDINGS if isinstance(binding, Binding)
                and _is_letter(binding.key))
        return BaseScreen._LETTERS[cls]

    def show_empty_state(self, empty: bool, parts: Sequence[str], welcome: str = ".empty-state") -> None:
        """Show either the empty state or the screen's parts, hide the keys that need a record,
        and never leave the focus on a widget that is hidden (it would swallow every key)."""
        self._empty = empty
        for widget in self.query(welcome):
            widget.set_class(not empty, "-while-empty")
        for part in parts:
            for widget in self.query(part):
                widget.set_class(empty, "-while-empty")
                for node in widget.walk_children(Widget, with_self=True):
                    # hidden now, though Textual restyles it later: its auto focus must not
                    # pick it (a pane made not to be a tab stop stays one it is not)
                    if empty and node.can_focus:
                        node.can_focus = False
                        self._unfocused.add(node)
                    elif not empty and node in self._unfocused:
                        node.can_focus = True
                        self._unfocused.discard(node)
        focused = self.focused
        if focused is not None and any(not node.display or node.has_class("-while-empty")
                                       for node in focused.ancestors_with_self):
            self.set_focus(None)
        elif focused is None and not empty and self.AUTO_FOCUS and self.is_current:
            # records came back (an import, an undo): the list takes the keys again, as on entry
            self.call_after_refresh(self._focus_auto)
        self.sync_filter_bar()
        self.refresh_bindings()

    def _focus_auto(self) -> None:
        if self.focused is None and not self._empty and self.AUTO_FOCUS:
            for widget in self.query(self.AUTO_FOCUS):
                if widget.focusable:
                    widget.focus()
                    return

    # -- the filter bar, shown on demand -------------------------------------------------
    FILTER_BAR = ""  # the selector of the screen's filter bar: hidden until / or a filter is set
    FILTER_FIRST = ""  # the selector of its text box, where / puts the cursor

    def action_focus_filter(self) -> None:
        """/: the bar shown and its text box focused now, so that the keys typed right after
        land in it, tab among them (the bar appeared only once the focus had moved, and a tab
        typed with / skipped the quick filters, not yet shown, for the list)."""
        self.set_class(True, "-filtering")
        self.set_focus(self.query_one(self.FILTER_FIRST, Input))

    def filter_active(self) -> bool:
        """True while a filter narrows the list (override): its bar stays in view."""
        return False

    def sync_filter_bar(self) -> None:
        """Show the filter bar while the focus is in it or a filter is set; on a laptop the
        rows it would take are the list's."""
        if not self.FILTER_BAR or not self.loaded:
            return
        bar = self.query_one(self.FILTER_BAR)
        within = self.focused is not None and bar in self.focused.ancestors_with_self
        self.set_class(not self._empty and (within or self.filter_active()), "-filtering")

    def on_descendant_focus(self) -> None:
        self.sync_filter_bar()

    def on_descendant_blur(self) -> None:
        self.call_after_refresh(self.sync_filter_bar)

    def action_toggle_detail(self) -> None:
        self.toggle_class("-no-detail")

    def themed(self, variable: str, *, bold: bool = False) -> Style:
        """A style in a colour of the current theme (``error``, ``warning``, ``success``...), for
        table cells, which take Rich styles rather than the theme's markup."""
        return Style(color=self.app.theme_variables.get(variable), bold=bold)

    # -- saving, deleting, undoing -------------------------------------------------------
    def show_saved(self, record: Record) -> None:
        """Bring the screen up to date after a save, with ``record`` in view (override)."""
        self.refresh_data()

    def save_records(self, records: Sequence[Record], done: str,
                     undo: tuple[Sequence[Record], str] | None = None, *, putting_back: bool = False) -> bool:
        """Save in one atomic write and say so; on a failed write say why and return False.

        ``undo``: the records as they were and what to say when ``u`` puts them back;
        ``putting_back``: this is the undo, saving older versions on purpose.
        """
        try:
            with self.store.batch():
                for record in records:
                    self.store.save(record, check_edits=not putting_back)
        except StorageError as exc:
            self.notify(str(exc), title=NOT_SAVED, severity="error", timeout=10)
            return False
        self.show_saved(records[0])
        self._plan_spare_form()
        forget_refusals(self.app)  # once a save went through, the refusals before it are stale
        if undo is not None:
            done += self._remember(undo[0], undo[1])
        self.notify(done)
        return True

    def _remember(self, originals: Sequence[Record], restored: str) -> str:
        """Keep what ``u`` puts back; return the hint that says so."""
        self._undo = (list(originals), restored, [], [])
        return " Press u to undo."

    async def open_form(self, form: Callable[[R], ModalScreen[R | None]], record: R,
                        done: Callable[[R], str], prebuilt: ModalScreen[R | None] | None = None,
                        *, not_saved_yet: bool = False, new: bool = False) -> None:
        """Open the form on ``record`` and save what it returns; if the save fails, the form
        opens again with what was typed, as unsaved (escape and quitting ask first).

        The form is mounted (its first field focused) before this returns: the key that opened
        it is still being handled meanwhile, so the keys typed right after it wait, and then
        land in the form's fields in the order they were typed.
        """

        async def save(result: R | None) -> None:
            if result is not None and not self.save_records([result], done(result)):
                await self.open_form(form, result, done, not_saved_yet=True)

        screen = prebuilt or form(record)
        if isinstance(screen, KeepsTyping):
            screen.not_saved_yet = not_saved_yet
        await self.app.push_screen(screen, save)
        if new:
            for box in screen.query(TextBox):  # what the app put in: typing replaces it
                box.default_text = box.value
        if isinstance(screen, FieldKeys):
            screen.focus_first()

    # -- the add form, built ahead ------------------------------------------------------
    # A form of 40 fields takes a few hundred milliseconds to build; the one ``a`` opens is
    # built while the screen waits for the user, so that ``a`` shows it at once.
    def new_record_form(self) -> NewRecordForm | None:
        """What ``a`` opens: the form's factory, the new record and the message on saving
        (override); ``None`` when ``a`` opens something else here."""
        return None

    def form_key(self) -> Hashable:
        """What the form ``a`` opens depends on: a form built ahead is used only while this
        is unchanged (the file, the day; override to add more)."""
        return (self.store.generation, self.usce.today())

    _spare: tuple[Hashable, ModalScreen[Any]] | None = None

    @property
    def spare_ready(self) -> bool:
        """True while a form built ahead is ready for ``a``."""
        return self._spare is not None and self._spare[0] == self.form_key()

    async def open_new_record_form(self) -> None:
        """Open the form of a new record: the one built ahead when it is still right."""
        parts = self.new_record_form()
        if parts is None:
            return
        factory, blank, done = parts
        spare, self._spare = self._spare, None
        ready = spare[1] if spare is not None and spare[0] == self.form_key() else None
        if spare is not None and ready is None:
            await spare[1].remove()  # built for a file or a day that has changed
        await self.open_form(factory, blank, done, prebuilt=ready, new=True)

    def _plan_spare_form(self) -> None:
        if self.usce.WARM_UP_AFTER is not None and self.new_record_form() is not None:
            self.set_timer(0.2, self._build_spare_form)

    @work(exclusive=True, group="spare-form")
    async def _build_spare_form(self) -> None:
        """Build, mount and fill the form ``a`` opens, unless one is ready for it."""
        if self.app.screen is not self or (self._spare and self._spare[0] == self.form_key()):
            return
        parts = self.new_record_form()
        if parts is None:
            return
        if self._spare is not None:
            old, self._spare = self._spare[1], None
            await old.remove()
        key, (factory, blank, _done) = self.form_key(), parts
        form = factory(blank)
        if await self.usce.mount_ahead(form):  # else the app is closing
            self._spare = (key, form)

    async def ask(self, dialog: ModalScreen[T],
                  then: Callable[[T | None], None] | Callable[[T | None], Awaitable[None]]) -> None:
        """Show ``dialog`` and call ``then`` with its answer (None on escape). The dialog is up
        before the next key is handled, so keys typed right after the one that opened it go to
        it: a worker waiting for the answer would start later, and a key typed meanwhile (``x``
        then ``down``) would move the table and the dialog would ask about another record."""
        await self.app.push_screen(dialog, then)

    async def delete_record(self, record: Record, question: str, deleted: str, restored: str,
                            relinked: Iterable[tuple[Record, Record]] = (), yes: str = "Delete",
                            show: str | None = None) -> None:
        """Ask, then delete ``record`` in one write with the records that pointed at it saved
        as (changed, original) pairs say; ``u`` brings back the record and the originals.
        ``show``: the record to put the cursor on afterwards (else the row that moved up)."""
        relinked = list(relinked)

        def answered(sure: bool | None) -> None:
            if sure:
                self._delete_now(record, deleted, restored, relinked, show)

        await self.ask(ConfirmDialog(question, yes=yes, no="Keep"), answered)

    def _delete_now(self, record: Record, deleted: str, restored: str,
                    relinked: list[tuple[Record, Record]], show: str | None) -> None:
        position = self.table.index if isinstance(self, HasList) else None
        try:
            with self.store.batch():
                self.store.delete(type(record), record.id or "")
                for changed, _original in relinked:
                    self.store.save(changed)
        except StorageError as exc:
            self.notify(str(exc), title="Not deleted", severity="error", timeout=10)
            self.refresh_data()
            return
        self._undo = ([record], restored, [], relinked)  # the links alone go back (see action_undo)
        hint = " Press u to undo."
        self.refresh_data()
        if show is not None:
            self.select_record(show)
        elif position is not None and isinstance(self, HasList):
            self.table.move_to(position)  # the row below moves up under the cursor, as in a list
        self.notify(deleted + hint, timeout=8)

    def action_undo(self) -> None:
        """Put back what the last delete, step or reminder changed (records as they were)."""
        if self._undo is None:
            self.notify("Nothing to undo.", severity="warning")
            return
        undo, self._undo = self._undo, None
        records, restored, added, relinked = undo
        records = [*records, *self._relinked_now(relinked)]
        if added:
            try:
                with self.store.batch():
                    for record in added:
                        self.store.delete(type(record), record.id or "")
            except StorageError as exc:
                self._undo = undo
                self.notify(str(exc), title="Not undone", severity="error", timeout=10)
                return
            self.refresh_data()
            self.notify(restored)
        elif not self.save_records(records, restored, putting_back=True):
            self._undo = undo

    def _relinked_now(self, relinked: list[tuple[Record, Record]]) -> list[Record]:
        """The records a delete unlinked, as they are now, with their links put back: only the
        fields the delete changed, and only where they still hold what it left (a message or a
        cost edited after the delete had its edits thrown away by u, seen by a newcomer)."""
        out: list[Record] = []
        for changed, original in relinked:
            current = self.store.get(type(original), original.id or "")
            if current is None:
                continue  # deleted since: nothing to link
            record = dataclasses.replace(current)
            for spec in dataclasses.fields(original):
                name = spec.name
                if name in ("created", "updated", "extra") \
                        or getattr(changed, name) == getattr(original, name):
                    continue
                if getattr(current, name) == getattr(changed, name):  # not linked elsewhere since
                    setattr(record, name, getattr(original, name))
            out.append(record)
        return out

    def add_records(self, records: Sequence[Record], done: str, removed: str,
                    undo_hint: str = " Press u to undo.") -> bool:
        """Add new records (an import) in one atomic write and say so; ``u`` removes them all
        again, in one step, saying ``removed``. False when the write failed (said why)."""
        try:
            self.store.add_all(list(records))
        except StorageError as exc:
            self.notify(str(exc), title="Nothing imported", severity="error", timeout=10)
            return False
        self.refresh_data()
        self._undo = ([], removed, list(records), [])
        self.notify(done + undo_hint, timeout=8)
        return True
