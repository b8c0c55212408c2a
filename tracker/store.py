"""How records are loaded, checked and saved: the event store under the use cases.

`RecordStore` loads a record (checking the version a caller named with If-Match), checks
the records a new one links to (they exist, are of the right kind, and the acting user may
link to them: tracker.permissions), refuses any text no projection could store, and saves
all a use case changed in one transaction, answering `Saved`. tracker.application's
`Tracker` adds the use cases.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, TypeVar, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Recording

from domain import KINDS, RECORD_CLASSES, Record
from domain.advocacy_inputs import AdvocacyInput
from domain.budget_lines import BudgetLine
from domain.coalitions import Coalition, coalition_id
from domain.commitments import Commitment
from domain.dialogues import Dialogue
from domain.errors import InvalidRecord
from domain.evidence import Evidence
from domain.external_refs import ExternalReference, external_ref_id
from domain.outcomes import LINK_KINDS
from domain.texts import unsafe_characters
from domain.vocabularies import COALITION_CODE
from tracker.errors import ConcurrentUpdate, DuplicateRecord, RecordNotFound, StaleVersion
from tracker.ledger.links import GENESIS, Head
from tracker.ledger.recorders import LinkedPostgresRecorder, LinkedRecorder, LinkedSQLiteRecorder
from tracker.permissions import actor, may_link
from tracker.transcodings import DateAsISO

R = TypeVar("R", bound=Record)

# An outcome's links, by the kind of record each list names.
OUTCOME_LINK_CLASSES: dict[str, type[Record]] = dict(
    zip(LINK_KINDS, (Evidence, AdvocacyInput, Dialogue, Commitment, BudgetLine), strict=True)
)


def today() -> date:
    """Today's date in UTC, the default `occurred_on` of what has no date given."""
    return datetime.now(UTC).date()


@dataclass(frozen=True)
class Saved:
    """What a write answers: the record's id and new version (and a dialogue's commitments)."""

    id: UUID
    version: int
    commitments: tuple[UUID, ...] = field(default=())


class RecordStore(Application[UUID]):
    """Records of every kind, loaded and saved whole; the use cases are the Tracker's."""

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        super().__init__(env)
        # Every event is linked in the ledger; a store made before it existed, once now.
        self.linked_on_upgrade = self.ledger.ensure_ledger()
        # Set by the composition root: told the last position after each save.
        self.on_saved: Callable[[int], None] | None = None
        # Per thread: the versions callers named (If-Match) for the records they loaded.
        self._loaded = threading.local()

    @property
    def ledger(self) -> LinkedRecorder:
        """The event recorder, which also keeps the ledger (tracker.ledger)."""
        recorder = self.recorder
        assert isinstance(recorder, LinkedSQLiteRecorder | LinkedPostgresRecorder), recorder
        return recorder

    def ledger_head(self) -> Head:
        """The ledger's last link, with when its event was recorded (position 0 and 32
        zero bytes for an empty store)."""
        last = self.ledger.last_link()
        if last is None:
            return Head(0, GENESIS)
        (notification,) = self.ledger.select_notifications(last.position, 1, last.position)
        event = cast(Aggregate.Event, self.mapper.to_domain_event(notification))
        return Head(last.position, last.hash, event.timestamp)

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        """Dates are stored as ISO strings (see tracker.transcodings)."""
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    def _notify(self, recordings: list[Recording[UUID]]) -> None:
        if self.on_saved is not None and recordings:
            self.on_saved(max(r.notification.id for r in recordings))

    def get(self, kind: str, record_id: UUID) -> Record:
        """The record as it stands now."""
        return self._load(self.record_class(kind), record_id, None)

    def owner_of(self, kind: str, record_id: UUID) -> UUID:
        """The coalition a record of `kind` belongs to (a coalition's is itself), read from
        its creating event alone; RecordNotFound if there is no such record."""
        first = next(iter(self.events.get(record_id, lte=1)), None)
        if first is None or not isinstance(first, KINDS[kind].created):
            raise RecordNotFound(kind, record_id)
        return record_id if kind == "coalition" else cast(UUID, first.coalition)  # type: ignore[attr-defined]

    def history(self, kind: str, record_id: UUID) -> list[Aggregate.Event]:
        """Every event of a record, oldest first."""
        self.get(kind, record_id)
        return [cast(Aggregate.Event, e) for e in self.events.get(record_id)]

    def as_known_on(self, kind: str, record_id: UUID, moment: datetime) -> Record | None:
        """The record as it had been recorded by `moment`, or None if it was not yet."""
        known = [e for e in self.history(kind, record_id) if e.timestamp <= moment]
        if not known:
            return None
        record: Record = self.repository.get(record_id, version=known[-1].originator_version)
        return record

    def position_at(self, moment: datetime) -> int:
        """The last position in the store whose event was recorded by `moment` (0: none),
        found by bisection (events are recorded in position order)."""
        low, high = 0, self.recorder.max_notification_id() or 0
        while low < high:
            middle = (low + high + 1) // 2
            (notification,) = self.recorder.select_notifications(middle, 1)
            event = cast(Aggregate.Event, self.mapper.to_domain_event(notification))
            if event.timestamp <= moment:
                low = notification.id
            else:
                high = middle - 1
        return low

    def events_at(self, positions: Iterable[int]) -> dict[int, Aggregate.Event]:
        """The events at these positions of the store, by position (one read of each run of
        consecutive positions)."""
        wanted = sorted(set(positions))
        found: dict[int, Aggregate.Event] = {}
        start = 0
        while start < len(wanted):
            end = start
            while end + 1 < len(wanted) and wanted[end + 1] == wanted[end] + 1:
                end += 1
            first, last = wanted[start], wanted[end]
            for notification in self.recorder.select_notifications(first, last - first + 1, last):
                event = self.mapper.to_domain_event(notification)
                found[notification.id] = cast(Aggregate.Event, event)
            start = end + 1
        return found

    def coalition_id(self, coalition: str | UUID) -> UUID:
        """The id of a coalition named by its code or id; RecordNotFound if there is none."""
        if isinstance(coalition, str) and COALITION_CODE.match(coalition):
            candidate = coalition_id(coalition)
        else:
            try:
                candidate = coalition if isinstance(coalition, UUID) else UUID(str(coalition))
            except ValueError:
                raise RecordNotFound("coalition", coalition) from None
        try:
            self._load(Coalition, candidate, None)
        except RecordNotFound:
            raise RecordNotFound("coalition", coalition) from None
        return candidate

    def find_by_external_ref(self, kind: str, system: str, ref: str) -> UUID | None:
        """The id of the record of `kind` that `system` knows as `ref`, if any."""
        try:
            claim: ExternalReference = self.repository.get(external_ref_id(kind, system, ref))
        except AggregateNotFoundError:
            return None
        return claim.record

    @staticmethod
    def record_class(kind: str) -> type[Record]:
        """The aggregate class of a kind of record (`commitment`, `budget_line`, ...)."""
        try:
            return RECORD_CLASSES[kind]
        except KeyError:
            raise RecordNotFound(kind, "(any)") from None

    # Internals ----------------------------------------------------------------------------

    def _create(
        self,
        cls: type[R],
        fields: Mapping[str, Any],
        links: Mapping[str, type[Record]] | None = None,
    ) -> Saved:
        return self._save_new(self._build(cls, fields, links))

    def _build(
        self,
        cls: type[R],
        fields: Mapping[str, Any],
        links: Mapping[str, type[Record]] | None = None,
        record_id: UUID | None = None,
    ) -> R:
        """A new record whose coalition and links exist, or InvalidRecord naming each bad one
        (`record_id`: the id it is to have, for an import of another store's export)."""
        values = dict(fields)
        errors: dict[str, list[str]] = {}
        if "coalition" in values:
            try:
                values["coalition"] = self.coalition_id(values["coalition"])
            except RecordNotFound as missing:
                errors["coalition"] = [str(missing)]
        if "occurred_on" in values and values["occurred_on"] is None and cls is not BudgetLine:
            values["occurred_on"] = today()
        try:
            record = cls.create(record_id=record_id, **values)
        except InvalidRecord as invalid:
            errors = {**invalid.errors, **errors}
            raise InvalidRecord(errors) from None
        if errors:
            raise InvalidRecord(errors)
        if links:
            self._check_references({name: getattr(record, name) for name in links}, links)
        return record

    def _check_references(
        self, ids_by_field: Mapping[str, Iterable[UUID]], classes: Mapping[str, type[Record]]
    ) -> None:
        """Each id names an existing record of the expected kind, still open to new links."""
        errors: dict[str, list[str]] = {}
        for name, ids in ids_by_field.items():
            cls = classes[name]
            for record_id in ids:
                try:
                    record = self._load(cls, record_id, None)
                except RecordNotFound as missing:
                    errors.setdefault(name, []).append(str(missing))
                    continue
                if not may_link(actor(), record):  # before saying anything else about it
                    errors.setdefault(name, []).append(
                        f"{cls.KIND.replace('_', ' ')} {record_id} is not one you may link to:"
                        " only records of coalitions you lead, that you may read in full"
                    )
                elif record.closed_as:
                    errors.setdefault(name, []).append(
                        f"{cls.KIND.replace('_', ' ')} {record_id} was {record.closed_as}"
                    )
        if errors:
            raise InvalidRecord(errors)

    def _load(self, cls: type[R], record_id: UUID, expected_version: int | None) -> R:
        try:
            record: Aggregate = self.repository.get(record_id)
        except AggregateNotFoundError:
            raise RecordNotFound(cls.KIND, record_id) from None
        if not isinstance(record, cls):
            raise RecordNotFound(cls.KIND, record_id)
        expected = self._expected_versions()
        expected.pop(record_id, None)  # a load without If-Match forgets an earlier one
        if expected_version is not None:
            if record.version != expected_version:
                raise StaleVersion(record_id, expected_version, record.version)
            expected[record_id] = expected_version
        return record

    def _exists(self, record_id: UUID) -> bool:
        return bool(list(self.events.get(record_id, limit=1)))

    def _save_new(self, record: Record) -> Saved:
        self._save([record], new=True)
        return Saved(record.id, record.version)

    def _save_change(self, record: Record) -> Saved:
        self._save([record], new=False)
        return Saved(record.id, record.version)

    def _save(self, records: Sequence[Record], *, new: bool) -> None:
        """Save in one transaction, with the external references the new records claim."""
        claims: list[Aggregate] = []
        if new:
            for record in records:
                ref = record.external_ref
                if ref is None:
                    continue
                existing = self.find_by_external_ref(record.KIND, ref["system"], ref["id"])
                if existing is not None:
                    raise DuplicateRecord(
                        "external_ref",
                        # Not naming the record: the writer may not be allowed to read it.
                        f"{ref['system']} id {ref['id']!r} is already used by another record",
                        existing,
                    )
                claims.append(
                    ExternalReference(
                        kind=record.KIND, system=ref["system"], ref=ref["id"], record=record.id
                    )
                )
        _refuse_unstorable_texts(records)
        expected = self._expected_versions()
        try:
            self.save(*records, *claims)
        except IntegrityError:
            # A writer that named the version it changed (If-Match) lost the race at save
            # time: that is a stale version, as if its check had come after the other write.
            for record in records:
                if record.id in expected:
                    actual = self._stored_version(record.id)
                    raise StaleVersion(record.id, expected[record.id], actual) from None
            raise ConcurrentUpdate() from None
        finally:
            for record in records:
                expected.pop(record.id, None)

    def save_batch(self, created: Sequence[Record], changed: Sequence[Record]) -> int:
        """Save new and changed records (an import's batch) in one transaction, with the
        external references the new ones claim; the last position stored."""
        claims: list[Aggregate] = []
        for record in created:
            ref = record.external_ref
            if ref is not None:
                claims.append(
                    ExternalReference(
                        kind=record.KIND, system=ref["system"], ref=ref["id"], record=record.id
                    )
                )
        _refuse_unstorable_texts([*created, *changed])
        try:
            recordings = self.save(*created, *claims, *changed)
        except IntegrityError:
            raise ConcurrentUpdate() from None
        return max((r.notification.id for r in recordings), default=0)

    def _expected_versions(self) -> dict[UUID, int]:
        """The versions this thread's caller named (If-Match) for the records it loaded, kept
        until their save, so a save that loses a race can answer as a stale version."""
        found: dict[UUID, int] | None = getattr(self._loaded, "expected", None)
        if found is None:
            found = self._loaded.expected = {}
        return found

    def _stored_version(self, record_id: UUID) -> int:
        """The version of the record's latest stored event."""
        latest = list(self.events.get(record_id, desc=True, limit=1))
        return int(latest[0].originator_version) if latest else 0


def _refuse_unstorable_texts(records: Sequence[Record]) -> None:
    """The last guard before the store: no event with a text a projection cannot keep (NUL
    halts PostgreSQL's read models; a lone surrogate cannot be encoded). The edges refuse
    these first, with their own messages; this catches any path that forgot to."""
    errors: dict[str, list[str]] = {}

    def walk(value: Any, path: str) -> None:
        if isinstance(value, str):
            if bad := unsafe_characters(value):
                errors.setdefault(path, []).append(
                    f"must not contain control characters or lone surrogates ({bad})"
                )
        elif isinstance(value, Mapping):
            for key, item in value.items():
                walk(key, f"{path}.<key>")
                walk(item, f"{path}.{key}")
        elif isinstance(value, list | tuple):
            for index, item in enumerate(value):
                walk(item, f"{path}.{index}")

    for record in records:
        for event in record.pending_events:
            for name, value in vars(event).items():
                walk(value, name)
    if errors:
        raise InvalidRecord(errors)
