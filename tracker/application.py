"""The use cases: load, ask the aggregate, save. No SQL, no Flask, no Redis.

Every use case checks that the records it links to exist and are of the right kind, and
saves all it changes in one transaction, or nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain.advocacy_inputs import AdvocacyInput
from domain.budget_lines import BudgetLine
from domain.coalitions import Coalition
from domain.commitments import Commitment
from domain.dialogues import Dialogue
from domain.errors import InvalidRecord
from domain.evidence import Evidence
from domain.outcomes import LINK_KINDS, Outcome
from tracker.errors import DuplicateRecord
from tracker.store import OUTCOME_LINK_CLASSES, RecordStore, Saved, today

__all__ = ["OUTCOME_LINK_CLASSES", "Saved", "Tracker", "today"]


class Tracker(RecordStore):
    """The advocacy tracker: every use case of coalition leads, the committee and evaluators."""

    name = "tracker"

    # Coalitions ---------------------------------------------------------------------------

    def register_coalition(
        self,
        *,
        code: str,
        name: str,
        recorded_by: str,
        country: str | None = None,
        occurred_on: date | None = None,
        external_ref: dict[str, str] | None = None,
    ) -> Saved:
        """A coalition joins the partnership; its code is unique for good."""
        coalition = Coalition.create(
            code=code,
            name=name,
            country=country,
            occurred_on=occurred_on or today(),
            recorded_by=recorded_by,
            external_ref=external_ref,
        )
        if self._exists(coalition.id):
            raise DuplicateRecord("code", f"coalition code {code!r} is taken", coalition.id)
        return self._save_new(coalition)

    def admit_member(
        self,
        coalition: str | UUID,
        *,
        name: str,
        recorded_by: str,
        occurred_on: date | None = None,
        expected_version: int | None = None,
    ) -> Saved:
        """A member organisation joined a coalition."""
        record = self._load(Coalition, self.coalition_id(coalition), expected_version)
        record.admit_member(name, occurred_on or today(), recorded_by)
        return self._save_change(record)

    def release_member(
        self,
        coalition: str | UUID,
        *,
        name: str,
        recorded_by: str,
        occurred_on: date | None = None,
        expected_version: int | None = None,
    ) -> Saved:
        """A member organisation left a coalition."""
        record = self._load(Coalition, self.coalition_id(coalition), expected_version)
        record.release_member(name, occurred_on or today(), recorded_by)
        return self._save_change(record)

    def rename_coalition(
        self,
        coalition: str | UUID,
        *,
        name: str,
        recorded_by: str,
        occurred_on: date | None = None,
        expected_version: int | None = None,
    ) -> Saved:
        """A coalition took a new name (a real change; a misspelling is a correction)."""
        record = self._load(Coalition, self.coalition_id(coalition), expected_version)
        record.rename(name, occurred_on or today(), recorded_by)
        return self._save_change(record)

    # Evidence and advocacy inputs ---------------------------------------------------------

    def record_evidence(self, **fields: Any) -> Saved:
        """Citizen evidence: a data set or report a coalition's communities produced."""
        return self._create(Evidence, fields)

    def retract_evidence(
        self,
        evidence_id: UUID,
        *,
        reason: str,
        recorded_by: str,
        occurred_on: date | None = None,
        expected_version: int | None = None,
    ) -> Saved:
        """Withdraw evidence from use; it stays on record with its history."""
        evidence = self._load(Evidence, evidence_id, expected_version)
        evidence.retract(reason, occurred_on or today(), recorded_by)
        return self._save_change(evidence)

    def assess_evidence_quality(
        self,
        evidence_id: UUID,
        *,
        rating: str,
        note: str,
        recorded_by: str,
        occurred_on: date | None = None,
        expected_version: int | None = None,
    ) -> Saved:
        """Judge how far evidence can be relied on."""
        evidence = self._load(Evidence, evidence_id, expected_version)
        evidence.assess_quality(rating, note, occurred_on or today(), recorded_by)
        return self._save_change(evidence)

    def submit_advocacy_input(self, **fields: Any) -> Saved:
        """A position paper, petition or other input put before decision makers."""
        return self._create(AdvocacyInput, fields, links={"evidence": Evidence})

    def link_evidence(
        self,
        input_id: UUID,
        evidence_id: UUID,
        *,
        recorded_by: str,
        occurred_on: date | None = None,
        expected_version: int | None = None,
    ) -> Saved:
        """An advocacy input now also rests on this evidence."""
        advocacy_input = self._load(AdvocacyInput, input_id, expected_version)
        self._check_references({"evidence_id": [evidence_id]}, {"evidence_id": Evidence})
        advocacy_input.link_evidence(evidence_id, occurred_on or today(), recorded_by)
        return self._save_change(advocacy_input)

    def unlink_evidence(
        self,
        input_id: UUID,
        evidence_id: UUID,
        *,
        recorded_by: str,
        occurred_on: date | None = None,
        expected_version: int | None = None,
    ) -> Saved:
        """An advocacy input no longer rests on this evidence."""
        advocacy_input = self._load(AdvocacyInput, input_id, expected_version)
        advocacy_input.unlink_evidence(evidence_id, occurred_on or today(), recorded_by)
        return self._save_change(advocacy_input)

    def withdraw_advocacy_input(
        self,
        input_id: UUID,
        *,
        reason: str,
        recorded_by: str,
        occurred_on: date | None = None,
        expected_version: int | None = None,
    ) -> Saved:
        """The coalition no longer stands behind an input; it stays on record."""
        advocacy_input = self._load(AdvocacyInput, input_id, expected_version)
        advocacy_input.withdraw(reason, occurred_on or today(), recorded_by)
        return self._save_change(advocacy_input)

    # Dialogues and commitments ------------------------------------------------------------

    def log_dialogue(self, *, commitments: Sequence[Mapping[str, Any]], **fields: Any) -> Saved:
        """A dialogue with decision makers and the commitments made in it, saved together.

        Every problem of the dialogue and of each commitment is reported at once (the
        commitments' under `commitments.<index>.`), and then nothing at all is saved.
        """
        errors: dict[str, list[str]] = {}
        dialogue: Dialogue | None = None
        try:
            dialogue = self._build(Dialogue, fields, links={"advocacy_inputs": AdvocacyInput})
        except InvalidRecord as invalid:
            errors.update(invalid.errors)
        made: list[Commitment] = []
        for index, commitment_fields in enumerate(commitments):
            shared = {k: fields.get(k) for k in ("coalition", "occurred_on", "recorded_by")}
            try:
                dialogue_id = dialogue.id if dialogue else None
                made.append(
                    self._build(
                        Commitment, {**shared, **commitment_fields, "dialogue": dialogue_id}
                    )
                )
            except InvalidRecord as invalid:
                errors.update(invalid.prefixed(f"commitments.{index}.").errors)
        if errors or dialogue is None:
            raise InvalidRecord(errors)
        self._save([dialogue, *made], new=True)
        return Saved(dialogue.id, dialogue.version, tuple(c.id for c in made))

    def record_follow_up(
        self,
        dialogue_id: UUID,
        *,
        note: str,
        recorded_by: str,
        occurred_on: date | None = None,
        expected_version: int | None = None,
    ) -> Saved:
        """Something that happened after a dialogue: a letter, a call, a second meeting."""
        dialogue = self._load(Dialogue, dialogue_id, expected_version)
        dialogue.record_follow_up(note, occurred_on or today(), recorded_by)
        return self._save_change(dialogue)

    def make_commitment(self, **fields: Any) -> Saved:
        """A commitment made outside any logged dialogue."""
        return self._create(Commitment, {**fields, "dialogue": None})

    def report_progress(
        self,
        commitment_id: UUID,
        *,
        status: str,
        completion: str,
        note: str,
        evidence: list[UUID],
        recorded_by: str,
        occurred_on: date | None = None,
        expected_version: int | None = None,
    ) -> Saved:
        """What a decision maker has done about a commitment (or its reassessment)."""
        commitment = self._load(Commitment, commitment_id, expected_version)
        self._check_references({"evidence": evidence}, {"evidence": Evidence})
        commitment.report_progress(
            status, completion, note, evidence, occurred_on or today(), recorded_by
        )
        return self._save_change(commitment)

    def change_due_date(
        self,
        commitment_id: UUID,
        *,
        due_on: date | None,
        reason: str,
        recorded_by: str,
        occurred_on: date | None = None,
        expected_version: int | None = None,
    ) -> Saved:
        """The decision maker moved a commitment's deadline."""
        commitment = self._load(Commitment, commitment_id, expected_version)
        commitment.change_due_date(due_on, reason, occurred_on or today(), recorded_by)
        return self._save_change(commitment)

    def review_commitment(
        self,
        commitment_id: UUID,
        *,
        verdict: str,
        note: str,
        recorded_by: str,
        occurred_on: date | None = None,
        expected_version: int | None = None,
    ) -> Saved:
        """The executive committee's verdict on a commitment's reported status."""
        commitment = self._load(Commitment, commitment_id, expected_version)
        commitment.review_fulfilment(verdict, note, occurred_on or today(), recorded_by)
        return self._save_change(commitment)

    # Budgets and outcomes -----------------------------------------------------------------

    def identify_budget_line(self, **fields: Any) -> Saved:
        """A line of a public budget that commitments depend on."""
        return self._create(BudgetLine, fields, links={"commitments": Commitment})

    def record_budget_amount(
        self,
        line_id: UUID,
        *,
        stage: str,
        amount: Decimal,
        source: str,
        recorded_by: str,
        occurred_on: date | None = None,
        expected_version: int | None = None,
    ) -> Saved:
        """A proposed, allocated, released or spent figure of a budget line."""
        line = self._load(BudgetLine, line_id, expected_version)
        line.record_amount(stage, amount, occurred_on or today(), source, recorded_by)
        return self._save_change(line)

    def harvest_outcome(self, **fields: Any) -> Saved:
        """A change in policy or practice, with the records it followed from."""
        links = fields.get("links")
        if isinstance(links, Mapping):  # a kind not named links to nothing
            fields = {**fields, "links": {kind: [] for kind in LINK_KINDS} | dict(links)}
        outcome = self._build(Outcome, fields)
        self._check_references(
            {f"links.{kind}": ids for kind, ids in outcome.links.items()},
            {f"links.{kind}": cls for kind, cls in OUTCOME_LINK_CLASSES.items()},
        )
        return self._save_new(outcome)

    def change_outcome_stage(
        self,
        outcome_id: UUID,
        *,
        stage: str,
        note: str,
        recorded_by: str,
        occurred_on: date | None = None,
        expected_version: int | None = None,
    ) -> Saved:
        """An outcome moved on (adopted, implemented) or back (blocked, reversed)."""
        outcome = self._load(Outcome, outcome_id, expected_version)
        outcome.change_stage(stage, note, occurred_on or today(), recorded_by)
        return self._save_change(outcome)

    def substantiate_outcome(
        self,
        outcome_id: UUID,
        *,
        verdict: str,
        note: str,
        recorded_by: str,
        occurred_on: date | None = None,
        expected_version: int | None = None,
    ) -> Saved:
        """An evaluator's verdict on whether an outcome happened as described."""
        outcome = self._load(Outcome, outcome_id, expected_version)
        outcome.substantiate(verdict, note, occurred_on or today(), recorded_by)
        return self._save_change(outcome)

    # Any record ---------------------------------------------------------------------------

    def correct(
        self,
        kind: str,
        record_id: UUID,
        *,
        changes: Mapping[str, Any],
        reason: str,
        recorded_by: str,
        occurred_on: date | None = None,
        expected_version: int | None = None,
    ) -> Saved:
        """Put right a wrong entry of any record: shown as a correction, not a change."""
        record = self._load(self.record_class(kind), record_id, expected_version)
        record.correct(changes, reason, occurred_on or today(), recorded_by)
        return self._save_change(record)
