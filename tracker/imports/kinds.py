"""What an import may set, per kind of record, and what a changed cell means.

Each field of a row has a type that says how its text is read (`text`, `date`, `list`
separated by `;`, `id`, `ids`, `int`, `decimal`, `bool`); `create` turns a row's values
into the fields of a new record, `update` applies to an existing record (in memory) the
events a changed cell means: a new status or completion is a progress report, a new due
date a due-date change, another text or maker a correction, each with the reason "import".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from domain.commitments import Commitment
from domain.records import Record

REASON = "import"

# The fields that name a record rather than describe it.
IDENTITY = ("id", "external_id")


@dataclass(frozen=True)
class ImportKind:
    """An importable kind of record."""

    name: str  # as in commands and paths: "commitments"
    record: str  # as in events: "commitment"
    cls: type[Record]
    fields: dict[str, str]  # field -> type
    export_columns: dict[str, str]  # field -> the column of the tracker's own export
    derived_columns: tuple[str, ...]  # export columns an import reads as nothing
    create: Callable[[dict[str, Any]], dict[str, Any]]
    update: Callable[[Any, dict[str, Any], date, str], list[str]]
    after_create: Callable[[Any, dict[str, Any], date, str], None] = field(
        default=lambda record, values, on, by: None
    )
    # The records a new one links to, to check they exist and may be linked to:
    # {field: (ids, class)}.
    references: Callable[[dict[str, Any]], dict[str, tuple[list[Any], type[Record]]]] = field(
        default=lambda fields: {}
    )


# Commitments --------------------------------------------------------------------------------


def _commitment_fields(values: dict[str, Any]) -> dict[str, Any]:
    return {
        "coalition": values.get("coalition"),
        "dialogue": values.get("dialogue"),
        "text": values.get("text"),
        "made_by": {
            "institution": values.get("made_by.institution") or "",
            "role": values.get("made_by.role") or "",
        },
        "due_on": values.get("due_on"),
        "groups": values.get("groups") or [],
        "sdg_targets": values.get("sdg_targets") or [],
        "occurred_on": values.get("occurred_on"),
    }


def _commitment_progress(commitment: Commitment, values: dict[str, Any], on: date, by: str) -> bool:
    status = values.get("status") or commitment.status
    completion = values.get("completion") or commitment.completion
    if (status, completion) == (commitment.status, commitment.completion):
        return False
    commitment.report_progress(
        status=status,
        completion=completion,
        note=REASON,
        evidence=[],
        occurred_on=values.get("status_on") or on,
        recorded_by=by,
    )
    return True


def _commitment_update(
    commitment: Commitment, values: dict[str, Any], on: date, by: str
) -> list[str]:
    """Apply what the row changes; the names of the events it took."""
    taken: list[str] = []
    wanted = _commitment_fields(values)
    corrections = {
        name: wanted[name]
        for name in ("text", "made_by", "groups", "sdg_targets")
        if given(values, name) and wanted[name] != getattr(commitment, name)
    }
    if corrections:
        commitment.correct(corrections, REASON, on, by)
        taken.append("correction")
    if "due_on" in values and wanted["due_on"] != commitment.due_on:
        commitment.change_due_date(wanted["due_on"], REASON, on, by)
        taken.append("due date change")
    if _commitment_progress(commitment, values, on, by):
        taken.append("progress report")
    return taken


def given(values: dict[str, Any], name: str) -> bool:
    """Whether the row names this field (or a part of it)."""
    return name in values or any(key.startswith(f"{name}.") for key in values)


DERIVED_COMMITMENT_COLUMNS = (
    "level", "overdue", "days_overdue", "review_verdict", "review_on", "recorded_at",
    "recorded_by",
)  # fmt: skip


def _commitment_created(commitment: Commitment, values: dict[str, Any], on: date, by: str) -> None:
    """A new commitment at the status and completion its row gives."""
    _commitment_progress(commitment, values, on, by)


COMMITMENTS = ImportKind(
    name="commitments",
    record="commitment",
    cls=Commitment,
    fields={
        "coalition": "coalition",
        "dialogue": "id",
        "text": "text",
        "made_by.institution": "text",
        "made_by.role": "text",
        "due_on": "date",
        "groups": "list",
        "sdg_targets": "list",
        "occurred_on": "date",
        "status": "text",
        "completion": "text",
        "status_on": "date",
    },
    export_columns={
        "id": "id",
        "coalition": "coalition",
        "dialogue": "dialogue",
        "text": "text",
        "made_by.institution": "institution",
        "made_by.role": "role",
        "groups": "groups",
        "sdg_targets": "sdg_targets",
        "status": "status",
        "completion": "completion",
        "occurred_on": "occurred_on",
        "due_on": "due_on",
    },
    derived_columns=DERIVED_COMMITMENT_COLUMNS,
    create=_commitment_fields,
    update=_commitment_update,
    after_create=_commitment_created,
)
