"""`tracker verify`: the whole chain recomputed from the stored events.

The store is read in pages of events and of links, merged by position, so memory stays
constant whatever the store's size; positions stored after the walk began are left for
the next one. At each position the event and its link must both be there, the link must
follow the one before it (its previous position and hash), name the event's record and
version, and its hash must be the one the event's stored bytes give. The first position
where one of these fails is reported with the reason:

- `edited`: the event's bytes or fields (or its link) changed since it was linked;
- `missing`: a position whose event, or event and link, were deleted;
- `truncated`: the events from a position to the end were deleted (their links tell), or,
  with a head an evaluator noted, that head is no longer in the chain;
- `reordered`: the event at a position is one the ledger linked at another;
- `unlinked`: an event no link of the chain covers (none of its own, or one the next link
  does not follow: an event slipped in).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from eventsourcing.persistence import Notification

from tracker.ledger.links import GENESIS, Head, Link, link_hash

PAGE = 2000
REASONS = ("edited", "missing", "reordered", "unlinked", "truncated")


class Ledger(Protocol):
    def max_notification_id(self) -> int | None: ...
    def select_notifications(
        self, start: int | None, limit: int, stop: int | None = None
    ) -> Any: ...
    def select_links(self, after: int, stop: int, limit: int = ...) -> list[Link]: ...
    def links_of(self, record_id: Any) -> dict[int, Link]: ...
    def last_link(self) -> Link | None: ...


@dataclass(frozen=True)
class Verdict:
    """What a walk found: how many events it verified and the head it reached, or where and
    why the chain broke."""

    verified: int
    head: Head | None
    broken_at: int | None = None
    reason: str | None = None

    @property
    def ok(self) -> bool:
        return self.reason is None

    def __str__(self) -> str:
        if self.reason is not None and self.broken_at is None:
            return f"broken: {self.reason}"
        if self.reason is not None:
            return f"broken at position {self.broken_at}: {self.reason}"
        head = self.head or Head(0, GENESIS)
        return f"verified {self.verified} events; head {head}"


class _Broken(Exception):
    def __init__(self, position: int, reason: str) -> None:
        super().__init__(position, reason)
        self.position, self.reason = position, reason


def verify(
    ledger: Ledger, head: Head | None = None, progress: Callable[[int, int], None] | None = None
) -> Verdict:
    """Walk the chain from its first link; `head`, if given, must be in it. `progress` is
    told (events verified, events to verify) after each page."""
    last = ledger.last_link()
    last_event = ledger.max_notification_id() or 0
    stop = max(last_event, last.position if last else 0)
    walk = _Walk(ledger, last_event)
    try:
        for position, event, link in _merged(ledger, stop):
            walk.step(position, event, link)
            if head is not None and position == head.position and link is not None:
                if link.hash != head.hash:
                    raise _Broken(head.position, "truncated")
                head = None  # found
            if progress is not None and walk.count % PAGE == 0:
                progress(walk.count, stop)
        if head is not None:
            raise _Broken(head.position, "truncated")
    except _Broken as broken:
        return Verdict(walk.count, None, broken.position, broken.reason)
    if progress is not None:
        progress(walk.count, walk.count)
    return Verdict(walk.count, Head(walk.last, walk.running) if walk.count else None)


class _Walk:
    """The chain as verified so far."""

    def __init__(self, ledger: Ledger, last_event: int) -> None:
        self.ledger, self.last_event = ledger, last_event
        self.last, self.running, self.count = 0, GENESIS, 0
        self.recent: deque[int] = deque(maxlen=256)  # positions verified last

    def step(self, position: int, event: Notification | None, link: Link | None) -> None:
        if link is None:
            assert event is not None
            raise _Broken(position, "reordered" if self._elsewhere(event, position) else "unlinked")
        if link.previous != self.last:
            raise _Broken(*self._cut(position, link))
        if link.previous_hash != self.running:
            # The link before was rewritten with its event, and this one not.
            raise _Broken(self.last, "edited")
        if event is None:
            # Linked, but gone: the tail cut off if no event is stored after it.
            raise _Broken(position, "truncated" if position > self.last_event else "missing")
        if (str(event.originator_id), event.originator_version) != (link.record_id, link.version):
            raise _Broken(position, "reordered" if self._elsewhere(event, position) else "edited")
        made = link_hash(
            self.running,
            position,
            event.originator_id,
            event.originator_version,
            event.topic,
            event.state,
        )
        if made != link.hash:
            raise _Broken(position, "edited")
        self.last, self.running = position, made
        self.count += 1
        self.recent.append(position)

    def _cut(self, position: int, link: Link) -> tuple[int, str]:
        """Where the chain broke when a link does not follow the last one verified."""
        if link.previous >= position:
            return position, "reordered"
        if link.previous > self.last:
            return link.previous, "missing"  # its event and link both deleted
        # Something was verified after the position this link follows: slipped in.
        slipped = next((p for p in self.recent if p > link.previous), self.last)
        return slipped, "unlinked"

    def _elsewhere(self, event: Notification, position: int) -> bool:
        linked = self.ledger.links_of(event.originator_id).get(event.originator_version)
        return linked is not None and linked.position != position


def _merged(ledger: Ledger, stop: int) -> Iterator[tuple[int, Notification | None, Link | None]]:
    """(position, event, link) for every position either has, in order, up to `stop`."""
    events = _events(ledger, stop)
    links = _links(ledger, stop)
    event, link = next(events, None), next(links, None)
    while event is not None or link is not None:
        at = min(x.id if isinstance(x, Notification) else x.position for x in (event, link) if x)
        here_event = event if event is not None and event.id == at else None
        here_link = link if link is not None and link.position == at else None
        yield at, here_event, here_link
        if here_event is not None:
            event = next(events, None)
        if here_link is not None:
            link = next(links, None)


def _events(ledger: Ledger, stop: int) -> Iterator[Notification]:
    start = 1
    while start <= stop:
        page = ledger.select_notifications(start, PAGE, stop)
        if not page:
            return
        yield from page
        start = page[-1].id + 1


def _links(ledger: Ledger, stop: int) -> Iterator[Link]:
    after = 0
    while after < stop:
        page = ledger.select_links(after, stop, PAGE)
        if not page:
            return
        yield from page
        after = page[-1].position
