"""Audit packs: what an evaluator takes away to check later, with no database.

A pack is a zip of `events.jsonl` (every event in store order, each with its position,
record, version, type, recorded_at, data, and what its link needs: topic, the stored bytes
in base64, the previous link's position and hash, and its own hash), the five CSV exports,
and `manifest.json` (`created_at`, `head`, `coalition`, `events`, `files` {name: SHA-256}).
A coalition's pack holds that coalition's records only (evaluators may read everything, so
nothing in it is redacted); its links are checked one by one, where a whole store's pack is
checked as one unbroken chain ending at the manifest's head.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile
import zlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import IO, Any
from uuid import UUID

from domain import RECORD_CLASSES
from projections.kinds import STORED_WITH_EVERY_EVENT, event_type, plain
from tracker.accounts import User
from tracker.composition import Services
from tracker.exports import EXPORTS, write_export
from tracker.ledger.links import GENESIS, Head, link_hash, parse_head
from tracker.ledger.verify import PAGE, Verdict
from tracker.store import RecordStore

EVENTS = "events.jsonl"
MANIFEST = "manifest.json"
RECORD_TOPICS = tuple(f"{kind}." for kind in RECORD_CLASSES)


class PackError(ValueError):
    """A pack that cannot be read as one (not a zip, a file missing, a line not JSON)."""


def write_pack(
    services: Services,
    out: IO[bytes],
    *,
    coalition: UUID | None = None,
    coalition_code: str | None = None,
    reader: User | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Write the pack of the whole store (or of one coalition) to a binary stream, as the
    store stands now; its manifest."""
    tracker = services.tracker
    head = tracker.ledger.last_link()
    stop = head.position if head else 0
    digests: dict[str, str] = {}
    count = 0
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as pack:
        with pack.open(EVENTS, "w") as raw:
            digest = hashlib.sha256()
            for line in _event_lines(tracker, stop, coalition, progress):
                data = (json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n").encode()
                digest.update(data)
                raw.write(data)
                count += 1
            digests[EVENTS] = digest.hexdigest()
        for name in EXPORTS:
            text = io.StringIO(newline="")
            write_export(
                services, name, text, coalition=None if coalition is None else str(coalition),
                reader=reader,
            )  # fmt: skip
            data = text.getvalue().encode()
            digests[f"{name}.csv"] = hashlib.sha256(data).hexdigest()
            pack.writestr(f"{name}.csv", data)
        manifest = {
            "created_at": datetime.now(UTC).isoformat(),
            "head": str(Head(stop, head.hash)) if head else None,
            "coalition": coalition_code,
            "events": count,
            "files": digests,
        }
        pack.writestr(MANIFEST, json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return manifest


def _event_lines(
    tracker: RecordStore,
    stop: int,
    coalition: UUID | None,
    progress: Callable[[int, int], None] | None,
) -> Iterator[dict[str, Any]]:
    ledger = tracker.ledger
    ours: set[UUID] = set()  # records of the coalition, when the pack is one coalition's
    after = 0
    while after < stop:
        notifications = ledger.select_notifications(after + 1, PAGE, stop)
        if not notifications:
            return
        links = {k.position: k for k in ledger.select_links(after, notifications[-1].id, PAGE)}
        for notification in notifications:
            link = links.get(notification.id)
            event: Any = tracker.mapper.to_domain_event(notification)
            if coalition is not None and not _belongs(event, coalition, ours):
                continue
            public = notification.topic.startswith(RECORD_TOPICS)
            yield {
                "position": notification.id,
                "record": str(notification.originator_id),
                "version": notification.originator_version,
                "type": event_type(event) if public else notification.topic,
                "recorded_at": event.timestamp.isoformat(),
                "data": plain(
                    {k: v for k, v in vars(event).items() if k not in STORED_WITH_EVERY_EVENT}
                ),
                "topic": notification.topic,
                "state": base64.b64encode(notification.state).decode(),
                "previous": link.previous if link else None,
                "previous_hash": link.previous_hash.hex() if link else None,
                "hash": link.hash.hex() if link else None,
            }
        after = notifications[-1].id
        if progress is not None:
            progress(after, stop)


def _belongs(event: Any, coalition: UUID, ours: set[UUID]) -> bool:
    record = event.originator_id
    if record in ours:
        return True
    if record == coalition or getattr(event, "coalition", None) == coalition:
        ours.add(record)
        return True
    return False


def verify_pack(path: str, head: Head | None = None) -> Verdict:
    """Check a pack with no database: every file against the manifest, then every link.
    PackError when the pack cannot be read at all."""
    try:
        with zipfile.ZipFile(path) as pack:
            manifest = _manifest(pack)
            for name, expected in manifest["files"].items():
                if _sha256(pack, name) != expected:
                    return Verdict(0, None, None, f"{name} does not match manifest.json")
            return _check_events(pack, manifest, head)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as error:
        raise PackError(f"{path} is not a readable audit pack: {error}") from None


def _manifest(pack: zipfile.ZipFile) -> dict[str, Any]:
    try:
        manifest = json.loads(pack.read(MANIFEST))
        files = manifest["files"]
        if not isinstance(files, dict) or EVENTS not in files:
            raise KeyError(EVENTS)
        return dict(manifest)
    except KeyError as missing:
        raise PackError(f"the pack has no {missing} in it or its manifest") from None
    except (ValueError, TypeError):
        raise PackError("the pack's manifest.json is not a manifest") from None


def _sha256(pack: zipfile.ZipFile, name: str) -> str:
    digest = hashlib.sha256()
    try:
        with pack.open(name) as member:
            while chunk := member.read(1 << 20):
                digest.update(chunk)
    except KeyError:
        raise PackError(f"the manifest names {name}, which is not in the pack") from None
    return digest.hexdigest()


def _check_events(pack: zipfile.ZipFile, manifest: dict[str, Any], head: Head | None) -> Verdict:
    whole = manifest.get("coalition") is None
    last, running, count = 0, GENESIS, 0
    found_head = head is None
    with pack.open(EVENTS) as lines:
        for number, raw in enumerate(lines, start=1):
            try:
                line = json.loads(raw)
                position, previous = int(line["position"]), line["previous"]
                if previous is None:
                    return Verdict(count, None, position, "unlinked")
                before = bytes.fromhex(line["previous_hash"])
                made = link_hash(
                    before,
                    position,
                    str(line["record"]),
                    int(line["version"]),
                    str(line["topic"]),
                    base64.b64decode(line["state"], validate=True),
                )
                stored = bytes.fromhex(line["hash"])
            except (KeyError, ValueError, TypeError):
                raise PackError(f"line {number} of {EVENTS} is not an event of a pack") from None
            if whole and int(previous) > last:
                return Verdict(count, None, int(previous), "missing")
            if whole and (int(previous) < last or before != running):
                return Verdict(count, None, position, "unlinked")
            if made != stored:
                return Verdict(count, None, position, "edited")
            if head is not None and position == head.position:
                found_head = made == head.hash
            last, running, count = position, made, count + 1
    noted = parse_head(manifest["head"]) if manifest.get("head") else None
    if whole and noted is not None and (last, running) != (noted.position, noted.hash):
        return Verdict(count, None, noted.position, "truncated")
    if not found_head:
        assert head is not None
        return Verdict(count, None, head.position, "truncated")
    return Verdict(count, noted)
