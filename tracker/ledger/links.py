"""One link of the ledger, and how its hash is made.

    hash = SHA-256(previous hash || position || record id || version || topic || state)

Every field is length-prefixed (its length in bytes as an 8-byte big-endian integer, then
the bytes); integers are 8-byte big-endian, texts UTF-8, the record id in its canonical
form (`0f8fad5b-d9cb-469f-a165-70867728950e`), `state` the event's stored bytes exactly as
the store holds them. The first link's previous hash is 32 zero bytes. Positions are the
notification log's; a link also keeps the position and hash of the link before it, which
lets `verify` say where a chain was cut, not only that it was.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

GENESIS = bytes(32)
HEAD = re.compile(r"(?P<position>[0-9]{1,18}):(?P<hash>[0-9a-f]{64})")


def _integer(value: int) -> bytes:
    return value.to_bytes(8, "big")


def link_hash(
    previous: bytes, position: int, record_id: UUID | str, version: int, topic: str, state: bytes
) -> bytes:
    """The hash of the link of the event at `position`, chained to `previous`."""
    digest = hashlib.sha256()
    for field in (
        previous,
        _integer(position),
        str(record_id).encode(),
        _integer(version),
        topic.encode(),
        state,
    ):
        digest.update(_integer(len(field)))
        digest.update(field)
    return digest.digest()


@dataclass(frozen=True)
class Link:
    """The ledger's row for the event at `position`."""

    position: int
    previous: int  # the position of the link before (0 for the first)
    previous_hash: bytes
    record_id: str
    version: int
    hash: bytes


@dataclass(frozen=True)
class Head:
    """The chain's last link: what an evaluator notes to check the store against later."""

    position: int
    hash: bytes
    recorded_at: datetime | None = None

    def __str__(self) -> str:
        return f"{self.position}:{self.hash.hex()}"


def parse_head(text: str) -> Head:
    """`POSITION:HASH` (the hash in 64 lowercase hex digits) as a Head; ValueError if not."""
    found = HEAD.fullmatch(text.strip().lower())
    if found is None or int(found["position"]) < 1:
        raise ValueError(
            f"{text!r} is not a head: write it POSITION:HASH, as `tracker verify` printed it"
        )
    return Head(int(found["position"]), bytes.fromhex(found["hash"]))


def chain(
    previous: Link | None,
    events: list[tuple[int, UUID | str, int, str, bytes]],
) -> list[Link]:
    """The links of newly stored events (position, record id, version, topic, state, in
    position order) following the link `previous` (None: the chain starts here)."""
    before, running = (previous.position, previous.hash) if previous else (0, GENESIS)
    links = []
    for position, record_id, version, topic, state in events:
        made = link_hash(running, position, record_id, version, topic, state)
        links.append(Link(position, before, running, str(record_id), version, made))
        before, running = position, made
    return links
