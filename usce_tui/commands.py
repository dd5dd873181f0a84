"""The command palette (ctrl+p): every action by name.

``AreaCommands`` offers the actions of the screen the palette was opened on (each key of that
screen, by its name) and the app's own: go to an area, help, every import and export, a backup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from textual.command import DiscoveryHit, Hit, Hits, Provider

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
    """The current screen's commands first, then the app's."""

    def _commands(self) -> list[Command]:
        return [command for source in (self.screen, self.app) if isinstance(source, HasCommands)
                for command in source.palette_commands()]

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(command.title, command.run, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score = matcher.match(command.title)
            if score > 0:
                yield Hit(score, matcher.highlight(command.title), command.run, help=command.help)
