"""What a projection is: its tables, one handler per event type, and the counts it keeps."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import Table

from projections.batch import Counter, Key, Op


class View(Protocol):
    """What a handler may read: the rows of its own projection as they stand in the batch."""

    position: int

    def get(self, table: Table, key: Key) -> Mapping[str, Any] | None:
        """The row with this key, or None."""

    def find(self, table: Table, column: str, value: Any) -> list[Key]:
        """The keys of the rows whose `column` equals `value`."""


Handler = Callable[[Any, View], Iterable[Op]]
Needs = Callable[[Any], Iterator[tuple[Table, Key]]]


@dataclass
class Projection:
    """A read model that is rebuilt from events alone and stores how far it has got.

    `needs` names, for an event, the rows its handler will read, so that a batch reads them
    all in one query per table instead of one query per event. `streams` are tables whose
    rows no handler reads or changes once made, which a rebuild need not keep in memory.
    `cost` is roughly how much work it is to rebuild, relative to the others (measured: tenths
    of a second for the 110,000 events of `bench/read_model_rows.py`, one process),
    for sharing projections out between processes. `version` goes up by one whenever its
    tables or handlers change so that tables built before must be rebuilt: catch-up leaves
    such a projection alone until `tracker projections rebuild` (or `serve`) rebuilds it.
    """

    name: str
    tables: tuple[Table, ...]
    counters: tuple[Counter, ...] = ()
    streams: tuple[Table, ...] = ()
    cost: int = 1
    version: int = 1
    handlers: dict[type, Handler] = field(default_factory=dict)
    needs: Needs | None = None

    def on(self, *event_classes: type) -> Callable[[Handler], Handler]:
        """Register the decorated function as the handler of these event classes."""

        def register(handler: Handler) -> Handler:
            for cls in event_classes:
                self.handlers[cls] = handler
            return handler

        return register

    def reads(self, needs: Needs) -> Needs:
        """Register the decorated function as the one that names the rows to read first."""
        self.needs = needs
        return needs

    def wanted(self, events: Iterable[Any]) -> dict[Table, set[Key]]:
        """The rows the handlers of these events will read, by table."""
        wanted: dict[Table, set[Key]] = defaultdict(set)
        if self.needs is not None:
            for event in events:
                for table, key in self.needs(event):
                    wanted[table].add(key)
        return wanted
