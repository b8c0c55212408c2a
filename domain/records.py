"""What every record of the partnership shares: whole-record checks and corrections."""

from __future__ import annotations

from collections.abc import Mapping
from copy import copy
from datetime import date
from typing import Any, ClassVar, Self
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.errors import RecordClosed
from domain.rules import Check, check_correction

# Fields every creating event carries besides the record's own.
PROVENANCE = ("occurred_on", "recorded_by", "external_ref")


def without_source(state: dict[str, Any]) -> None:
    """Upcast a creating event of version 1, from before imports kept `source` (the row's
    columns no mapping named): it has none."""
    state["source"] = None


class Record(Aggregate):
    """An aggregate checked whole when created or corrected, and closed for good if retracted.

    Subclasses name their fields in FIELDS (in the order of their creating event), the ones a
    `Corrected` event may change in CORRECTABLE, and their rules in `check_fields`.
    """

    KIND: ClassVar[str]
    FIELDS: ClassVar[tuple[str, ...]]
    OPTIONAL: ClassVar[dict[str, Any]] = {}  # field: default when not given
    CORRECTABLE: ClassVar[tuple[str, ...]]

    class Corrected(Aggregate.Event):
        """A wrong entry put right. Each kind derives its own, with its own stored TOPIC
        (`evidence.corrected`), and so keeps its own name in the store."""

        changes: dict[str, Any]
        reason: str
        occurred_on: date
        recorded_by: str

        def apply(self, aggregate: Any) -> None:
            aggregate._apply_correction(self.changes)

    occurred_on: date | None  # None only for a budget line, dated by its amounts
    recorded_by: str
    external_ref: dict[str, str] | None
    closed_as: str | None = None

    @classmethod
    def create(cls, *, record_id: UUID | None = None, **fields: Any) -> Self:
        """A new record, if every field keeps the rules; else InvalidRecord naming each.
        `record_id`: the id it has elsewhere (an import of another store's export), so that
        records linking to it by id find it; else a new one."""
        fields.setdefault("external_ref", None)
        for optional, default in cls.OPTIONAL.items():
            fields.setdefault(optional, copy(default))
        check = Check(fields)
        expected = set(cls.FIELDS) | set(PROVENANCE)
        for unknown in sorted(set(fields) - expected):
            check.problem(unknown, "is not a field of this record")
        for missing in sorted(expected - set(fields)):
            check.problem(missing, "is required")
        check.done()
        cls.check_fields(check)
        check.day("occurred_on", past=True, optional="occurred_on" in cls.OPTIONAL)
        check.text("recorded_by")
        check.external_ref()
        check.done()
        if record_id is None:
            return cls(**fields)
        created = [
            event
            for event in vars(cls).values()
            if isinstance(event, type)
            and issubclass(event, cls.Created)
            and event is not cls.Created
        ]
        record: Self = cls._create(event_class=created[0], id=record_id, **fields)
        return record

    @classmethod
    def check_fields(cls, check: Check) -> None:
        """Note every rule the record's own fields break (subclasses say which rules)."""
        raise NotImplementedError

    def fields(self) -> dict[str, Any]:
        """The record's own fields as they stand now."""
        return {name: getattr(self, name) for name in self.FIELDS}

    def ensure_open(self) -> None:
        """Refuse changes to a record that was retracted or withdrawn."""
        if self.closed_as:
            raise RecordClosed(self.KIND, self.closed_as)

    def correct(
        self, changes: Mapping[str, Any], reason: str, occurred_on: date, recorded_by: str
    ) -> None:
        """Put right a wrong entry: not a change in the world, and shown as a correction."""
        self.ensure_open()
        corrected = check_correction(self.fields(), changes, self.CORRECTABLE, reason)
        check = Check({**corrected, "occurred_on": occurred_on, "recorded_by": recorded_by})
        self.check_fields(check)
        check.day("occurred_on", past=True)
        check.text("recorded_by")
        check.done()
        self._record_correction(dict(changes), reason, occurred_on, recorded_by)

    def _record_correction(
        self, changes: dict[str, Any], reason: str, occurred_on: date, recorded_by: str
    ) -> None:
        """Trigger the kind's own `Corrected` event (each kind has its own topic)."""
        self.trigger_event(
            self.Corrected,
            changes=changes,
            reason=reason,
            occurred_on=occurred_on,
            recorded_by=recorded_by,
        )

    def _apply_correction(self, changes: Mapping[str, Any]) -> None:
        for name, value in changes.items():
            setattr(self, name, value)
