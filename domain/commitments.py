"""A commitment a decision maker made, and what became of it."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.errors import IllegalTransition, InvalidRecord
from domain.records import Record, without_source
from domain.rules import Check, check_change
from domain.vocabularies import (
    CLOSED_STATUSES,
    COMMITMENT_STATUSES,
    COMPLETION_LEVELS,
    OPEN_STATUSES,
    REVIEW_VERDICTS,
)

# Where an open commitment may go next; a closed one only comes back by reassessment.
NEXT: dict[str, frozenset[str]] = {
    "made": frozenset({"in_progress", "stalled", *CLOSED_STATUSES}),
    "in_progress": frozenset({"stalled", *CLOSED_STATUSES}),
    "stalled": frozenset({"in_progress", *CLOSED_STATUSES}),
}


class Commitment(Record):
    """A promise by a decision maker, with status, completion and the committee's review.

    "Overdue" is never stored: it is derived from the due date and the day it is asked.
    """

    TOPIC = "commitment"
    KIND = "commitment"
    FIELDS = (
        "coalition", "dialogue", "text", "made_by", "due_on", "groups", "sdg_targets", "source",
    )  # fmt: skip
    OPTIONAL = {"dialogue": None, "source": None}
    CORRECTABLE = ("text", "made_by", "due_on", "groups", "sdg_targets")

    class Created(Aggregate.Created):
        TOPIC = "commitment.created"

    class Made(Created):
        """Version 2 added `source`: an imported row's columns the mapping did not name,
        {column: text}, kept so that nothing of the original file is lost (None otherwise)."""

        TOPIC = "commitment.made"
        class_version = 2
        coalition: UUID
        dialogue: UUID | None
        text: str
        made_by: dict[str, str]
        due_on: date | None
        groups: list[str]
        sdg_targets: list[str]
        occurred_on: date
        recorded_by: str
        external_ref: dict[str, str] | None
        source: dict[str, str] | None

        upcast_v1_v2 = staticmethod(without_source)

    class ProgressReported(Aggregate.Event):
        TOPIC = "commitment.progress_reported"
        status: str
        completion: str
        note: str
        evidence: list[UUID]
        occurred_on: date
        recorded_by: str

    class Reassessed(Aggregate.Event):
        TOPIC = "commitment.reassessed"
        completion: str
        note: str
        evidence: list[UUID]
        occurred_on: date
        recorded_by: str

    class DueDateChanged(Aggregate.Event):
        TOPIC = "commitment.due_date_changed"
        due_on: date | None
        reason: str
        occurred_on: date
        recorded_by: str

    class Reviewed(Aggregate.Event):
        TOPIC = "commitment.reviewed"
        verdict: str
        note: str
        occurred_on: date
        recorded_by: str

    class Corrected(Record.Corrected):
        TOPIC = "commitment.corrected"

    @event(Made)
    def __init__(
        self,
        *,
        coalition: UUID,
        dialogue: UUID | None,
        text: str,
        made_by: dict[str, str],
        due_on: date | None,
        groups: list[str],
        sdg_targets: list[str],
        occurred_on: date,
        recorded_by: str,
        external_ref: dict[str, str] | None,
        source: dict[str, str] | None = None,
    ) -> None:
        self.coalition, self.dialogue, self.text, self.made_by = coalition, dialogue, text, made_by
        self.source = source
        self.due_on, self.groups, self.sdg_targets = due_on, groups, sdg_targets
        self.occurred_on, self.recorded_by, self.external_ref = (
            occurred_on,
            recorded_by,
            external_ref,
        )
        self.status, self.completion = "made", "not_started"
        self.status_dates: dict[str, date] = {"made": occurred_on}
        self.review: dict[str, Any] | None = None

    @classmethod
    def check_fields(cls, check: Check) -> None:
        """Who made it is named by institution and role; the due date may be open."""
        fields = check.fields
        if not isinstance(fields.get("coalition"), UUID):
            check.problem("coalition", "must be a coalition id")
        if fields.get("dialogue") is not None and not isinstance(fields["dialogue"], UUID):
            check.problem("dialogue", "must be a dialogue id")
        check.text("text")
        made_by = fields.get("made_by")
        if (
            not isinstance(made_by, dict)
            or set(made_by) != {"institution", "role"}
            or not all(isinstance(part, str) for part in made_by.values())
            or not made_by["institution"].strip()
        ):
            check.problem("made_by", "must be {institution, role}, with an institution")
        check.day("due_on", optional=True)
        check.texts("groups")
        check.sdg_targets("sdg_targets")
        check.source("source")

    @property
    def is_open(self) -> bool:
        """Not yet fulfilled, partially fulfilled, not fulfilled or withdrawn."""
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: date) -> bool:
        """Past its due date and still open."""
        return is_overdue(self.status, self.due_on, today)

    def days_overdue(self, today: date) -> int:
        """How many days past its due date it is, if overdue (else 0)."""
        return days_overdue(self.status, self.due_on, today)

    def report_progress(
        self,
        status: str,
        completion: str,
        note: str,
        evidence: list[UUID],
        occurred_on: date,
        recorded_by: str,
    ) -> None:
        """What the decision maker has done: a new status, or the same with a new completion.

        A closed commitment comes back to `in_progress` only as a reassessment, which needs
        a reason in `note`; any other move out of a closed status is refused.
        """
        check = check_change(
            occurred_on,
            recorded_by,
            status=status,
            completion=completion,
            note=note,
            evidence=evidence,
        )
        check.choice("status", COMMITMENT_STATUSES)
        check.choice("completion", COMPLETION_LEVELS)
        check.text("note", empty_ok=True)
        check.ids("evidence")
        check.done()
        if status == self.status:
            pass
        elif self.status in CLOSED_STATUSES:
            if status != "in_progress":
                raise IllegalTransition(self.status, status, "only a reassessment reopens it")
            if not note.strip():
                raise InvalidRecord({"note": ["a reassessment needs the reason in note"]})
            self._reassess(
                completion=completion,
                note=note,
                evidence=evidence,
                occurred_on=occurred_on,
                recorded_by=recorded_by,
            )
            return
        elif status not in NEXT[self.status]:
            raise IllegalTransition(self.status, status)
        self._report_progress(
            status=status,
            completion=completion,
            note=note,
            evidence=evidence,
            occurred_on=occurred_on,
            recorded_by=recorded_by,
        )

    @event(ProgressReported)
    def _report_progress(
        self,
        status: str,
        completion: str,
        note: str,
        evidence: list[UUID],
        occurred_on: date,
        recorded_by: str,
    ) -> None:
        if status != self.status:
            self.status_dates[status] = occurred_on
        self.status, self.completion = status, completion

    @event(Reassessed)
    def _reassess(
        self, completion: str, note: str, evidence: list[UUID], occurred_on: date, recorded_by: str
    ) -> None:
        self.status, self.completion = "in_progress", completion
        self.status_dates["in_progress"] = occurred_on

    def change_due_date(
        self, due_on: date | None, reason: str, occurred_on: date, recorded_by: str
    ) -> None:
        """The decision maker moved the deadline (a real change, unlike a correction)."""
        check = check_change(occurred_on, recorded_by, due_on=due_on, reason=reason)
        check.day("due_on", optional=True)
        check.text("reason")
        if not self.is_open:
            check.problem("due_on", f"a {self.status} commitment has no deadline to move")
        check.done()
        self._change_due_date(
            due_on=due_on, reason=reason, occurred_on=occurred_on, recorded_by=recorded_by
        )

    @event(DueDateChanged)
    def _change_due_date(
        self, due_on: date | None, reason: str, occurred_on: date, recorded_by: str
    ) -> None:
        self.due_on = due_on

    def review_fulfilment(
        self, verdict: str, note: str, occurred_on: date, recorded_by: str
    ) -> None:
        """The executive committee's verdict on the status as reported."""
        check = check_change(occurred_on, recorded_by, verdict=verdict, note=note)
        check.choice("verdict", REVIEW_VERDICTS)
        check.text("note", empty_ok=True)
        check.done()
        self._review(verdict=verdict, note=note, occurred_on=occurred_on, recorded_by=recorded_by)

    @event(Reviewed)
    def _review(self, verdict: str, note: str, occurred_on: date, recorded_by: str) -> None:
        self.review = {
            "verdict": verdict,
            "note": note,
            "occurred_on": occurred_on,
            "recorded_by": recorded_by,
            "status": self.status,
        }


def is_overdue(status: str, due_on: date | None, today: date) -> bool:
    """Whether a commitment with this status and due date is overdue on `today`: past its
    due date and still open (the one rule, for records and read models alike)."""
    return status in OPEN_STATUSES and due_on is not None and due_on < today


def days_overdue(status: str, due_on: date | None, today: date) -> int:
    """How many days past its due date a commitment is on `today`, if overdue (else 0)."""
    return (today - due_on).days if due_on is not None and is_overdue(status, due_on, today) else 0
