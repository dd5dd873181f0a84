"""The command palette (ctrl+p): every action by name.

``AreaCommands`` offers the actions of the screen the palette was opened on (each key of that
screen, by its name) and the app's own: go to an area, help, every import and export, a backup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from textual import on
from textual.await_complete import AwaitComplete
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.widgets import Button, Input

if TYPE_CHECKING:
    from textual.binding import Binding
    from textual.screen import Screen


@dataclass(frozen=True)
class Command:
    """One palette entry: its name, a line of help, and what it does."""

    title: str
    help: str
    run: Callable[[], object]


@runtime_checkable
class HasCommands(Protocol):
    """A screen, or the app, that offers commands to the palette."""

    def palette_commands(self) -> list[Command]: ...


def binding_commands(screen: Screen, area: str, bindings: Iterable[Binding]) -> list[Command]:
    """A command for each key of a screen, named by what the key does."""
    out = []
    for binding in bindings:
        if not binding.description:
            continue
        does = binding.tooltip or binding.description
        key = binding.key_display or screen.app.get_key_display(binding)
        out.append(Command(f"{area}: {does}", f"key {key}", _runner(screen, binding.action)))
    return out


def _runner(screen: Screen, action: str) -> Callable[[], object]:
    return lambda: screen.run_action(action)


class AreaCommands(Provider):
    """The current screen's commands first, then the app's, then Textual's own (theme, keys,
    quit...): one provider, in that order (as two, Textual's came first)."""

    def _commands(self, *, discovered: bool = False) -> list[Command]:
        ours = [command for source in (self.screen, self.app) if isinstance(source, HasCommands)
                for command in source.palette_commands()]
        textual = [Command(c.title, c.help, c.callback) for c in self.app.get_system_commands(self.screen)
                   if c.discover or not discovered]
        return ours + textual

    async def discover(self) -> Hits:
        for command in self._commands(discovered=True):
            yield DiscoveryHit(command.title, command.run, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score = matcher.match(command.title)
            if score > 0:
                yield Hit(score, matcher.highlight(command.title), command.run, help=command.help)


class Palette(CommandPalette):
    """Textual's command palette, closing once.

    Keys typed right after choosing a command (the path for an export, say) used to reach the
    palette while it closed: a second enter among them chose again and closed it twice, which
    ended the app. Now the palette chooses once; and the app holds what is typed after the
    enter that chooses, for the dialog the command opens (``UsceApp.on_event``).
    """

    closing = False

    def dismiss(self, result: Any = None) -> AwaitComplete:
        self.closing = True
        return super().dismiss(result)

    def _select_or_command(self, event: Input.Submitted | Button.Pressed | None = None) -> None:
        if self.closing:  # a command was chosen already
            if event is not None:
                event.prevent_default()
                event.stop()
            return
        super()._select_or_command(event)

    @on(Input.Submitted)
    def _choose_once(self, event: Input.Submitted) -> None:
        if self.closing:
            event.prevent_default()  # Textual's own handler would choose (and close) again
            event.stop()
