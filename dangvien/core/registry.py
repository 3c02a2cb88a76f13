"""Registries that let a domain app plug in without editing shared files.

An app fills them in its ``AppConfig.ready()`` (the explicit mechanism NetBox uses for its
model views), never at import time of an unrelated module. Each registry keeps the entries in
the order of their ``order`` key, then of registration, and refuses a second entry under the
same key (two apps claiming one name is a mistake to see at start-up, not a silent override).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.utils.functional import Promise

if TYPE_CHECKING:
    from dangvien.core.demo import DemoContext, Founding

T = TypeVar("T")


class RegistryError(Exception):
    """Two registrations under one key, or a lookup of a key nobody registered."""


@dataclass
class _Entry(Generic[T]):
    key: str
    value: T
    order: int
    sequence: int


@dataclass
class Registry(Generic[T]):
    """Named entries contributed by apps; iterated in ``order``, then registration order."""

    name: str
    _entries: dict[str, _Entry[T]] = field(default_factory=dict)

    def register(self, key: str, value: T, *, order: int = 100) -> T:
        if key in self._entries:
            if self._entries[key].value == value:
                return value  # ready() may run twice in tests; the same entry is no conflict
            raise RegistryError(f"{self.name}: {key!r} is already registered")
        self._entries[key] = _Entry(key, value, order, len(self._entries))
        return value

    def unregister(self, key: str) -> None:
        """For tests that register a throw-away entry."""
        self._entries.pop(key, None)

    def __getitem__(self, key: str) -> T:
        try:
            return self._entries[key].value
        except KeyError:
            raise RegistryError(f"{self.name}: nothing registered as {key!r}") from None

    def get(self, key: str, default: T | None = None) -> T | None:
        entry = self._entries.get(key)
        return entry.value if entry is not None else default

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def __iter__(self) -> Iterator[T]:
        return (e.value for e in self._ordered())

    def __len__(self) -> int:
        return len(self._entries)

    def items(self) -> list[tuple[str, T]]:
        return [(e.key, e.value) for e in self._ordered()]

    def keys(self) -> list[str]:
        return [e.key for e in self._ordered()]

    def _ordered(self) -> list[_Entry[T]]:
        return sorted(self._entries.values(), key=lambda e: (e.order, e.sequence))


@dataclass(frozen=True)
class DemoStep:
    """One step of the demonstration data set, contributed by the app that owns its rows.

    ``build(context)`` writes through the app's services; ``context`` is the demo's shared
    state (``core.demo.DemoContext``), so a later step finds what an earlier one made. Steps
    run in ``order`` (the tree 10, members 20, accounts 90 …). ``founded(context,
    organization, founding)`` is called when a step founds an organization, to set it up at
    that moment (the committees staff it). ``present()`` tells what of the step's data is
    already in the database (``{"organizations": 406}``) or ``None``: the demo is loaded once.
    """

    label: str | Promise
    build: Callable[[DemoContext[Any]], None] | None = None
    founded: Callable[[DemoContext[Any], Any, Founding], None] | None = None
    present: Callable[[], dict[str, int] | None] | None = None


#: Steps of ``dangvien demo``; filled by each app's ``AppConfig.ready()``.
demo_steps: Registry[DemoStep] = Registry("demo steps")
