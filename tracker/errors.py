"""Errors of the use cases, beside the domain's own (domain.errors)."""

from __future__ import annotations

from uuid import UUID


class TrackerError(Exception):
    """Base class of what a use case refuses."""


class RecordNotFound(TrackerError):
    """No record of this kind has this id."""

    def __init__(self, kind: str, record_id: object) -> None:
        self.kind, self.record_id = kind, record_id
        super().__init__(f"no {kind.replace('_', ' ')} with id {record_id}")


class StaleVersion(TrackerError):
    """The caller changed a version of the record that is no longer the latest."""

    def __init__(self, record_id: UUID, expected: int, actual: int) -> None:
        self.record_id, self.expected, self.actual = record_id, expected, actual
        super().__init__(f"record {record_id} is at version {actual}, not {expected}")


class ConcurrentUpdate(TrackerError):
    """Another writer saved the same record first; nothing of this change was saved."""

    def __init__(self) -> None:
        super().__init__("another change to the same record was saved first; nothing was saved")


class DuplicateRecord(TrackerError):
    """A record that must be unique (a coalition code, an external reference) exists already."""

    def __init__(self, field: str, message: str, existing: UUID | None = None) -> None:
        self.field, self.existing = field, existing
        super().__init__(message)
