"""An advocacy input: what a coalition put before decision makers, built on evidence."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.errors import InvalidRecord
from domain.records import Record
from domain.rules import Check, check_change
from domain.vocabularies import ADVOCACY_INPUT_KINDS


class AdvocacyInput(Record):
    """A position paper, petition, submission, presentation or report launch."""

    TOPIC = "advocacy_input"
    KIND = "advocacy_input"
    FIELDS = ("coalition", "kind", "title", "asks", "evidence", "targets")
    CORRECTABLE = ("kind", "title", "asks", "targets")

    class Created(Aggregate.Created):
        TOPIC = "advocacy_input.created"

    class Submitted(Created):
        TOPIC = "advocacy_input.submitted"
        coalition: UUID
        kind: str
        title: str
        asks: list[str]
        evidence: list[UUID]
        targets: list[str]
        occurred_on: date
        recorded_by: str
        external_ref: dict[str, str] | None

    class EvidenceLinked(Aggregate.Event):
        TOPIC = "advocacy_input.evidence_linked"
        evidence_id: UUID
        occurred_on: date
        recorded_by: str

    class EvidenceUnlinked(Aggregate.Event):
        TOPIC = "advocacy_input.evidence_unlinked"
        evidence_id: UUID
        occurred_on: date
        recorded_by: str

    class Corrected(Record.Corrected):
        TOPIC = "advocacy_input.corrected"

    class Withdrawn(Aggregate.Event):
        TOPIC = "advocacy_input.withdrawn"
        reason: str
        occurred_on: date
        recorded_by: str

    @event(Submitted)
    def __init__(
        self,
        *,
        coalition: UUID,
        kind: str,
        title: str,
        asks: list[str],
        evidence: list[UUID],
        targets: list[str],
        occurred_on: date,
        recorded_by: str,
        external_ref: dict[str, str] | None,
    ) -> None:
        self.coalition, self.kind, self.title, self.asks = coalition, kind, title, asks
        self.evidence, self.targets = list(evidence), targets
        self.occurred_on, self.recorded_by, self.external_ref = (
            occurred_on,
            recorded_by,
            external_ref,
        )
        self.withdrawal_reason: str | None = None

    @classmethod
    def check_fields(cls, check: Check) -> None:
        """The kind is from the vocabulary; asks and targets are plain texts."""
        if not isinstance(check.fields.get("coalition"), UUID):
            check.problem("coalition", "must be a coalition id")
        check.choice("kind", ADVOCACY_INPUT_KINDS)
        check.text("title")
        check.texts("asks")
        check.ids("evidence")
        check.texts("targets")

    def link_evidence(self, evidence_id: UUID, occurred_on: date, recorded_by: str) -> None:
        """The input now also rests on this evidence."""
        self._check_link(evidence_id, occurred_on, recorded_by)
        if evidence_id in self.evidence:
            raise InvalidRecord({"evidence_id": [f"evidence {evidence_id} is already linked"]})
        self._link(evidence_id=evidence_id, occurred_on=occurred_on, recorded_by=recorded_by)

    @event(EvidenceLinked)
    def _link(self, evidence_id: UUID, occurred_on: date, recorded_by: str) -> None:
        self.evidence.append(evidence_id)

    def unlink_evidence(self, evidence_id: UUID, occurred_on: date, recorded_by: str) -> None:
        """The input no longer rests on this evidence."""
        self._check_link(evidence_id, occurred_on, recorded_by)
        if evidence_id not in self.evidence:
            raise InvalidRecord({"evidence_id": [f"evidence {evidence_id} is not linked"]})
        self._unlink(evidence_id=evidence_id, occurred_on=occurred_on, recorded_by=recorded_by)

    @event(EvidenceUnlinked)
    def _unlink(self, evidence_id: UUID, occurred_on: date, recorded_by: str) -> None:
        self.evidence.remove(evidence_id)

    def _check_link(self, evidence_id: UUID, occurred_on: date, recorded_by: str) -> None:
        self.ensure_open()
        check = check_change(occurred_on, recorded_by)
        if not isinstance(evidence_id, UUID):
            check.problem("evidence_id", "must be an evidence id")
        check.done()

    def withdraw(self, reason: str, occurred_on: date, recorded_by: str) -> None:
        """The coalition no longer stands behind this input; it stays on record."""
        self.ensure_open()
        check = check_change(occurred_on, recorded_by, reason=reason)
        check.text("reason")
        check.done()
        self._withdraw(reason=reason, occurred_on=occurred_on, recorded_by=recorded_by)

    @event(Withdrawn)
    def _withdraw(self, reason: str, occurred_on: date, recorded_by: str) -> None:
        self.closed_as, self.withdrawal_reason = "withdrawn", reason
