"""The use cases: load, ask the aggregate, save. No SQL, no Flask, no Redis.

Every use case checks that the records it links to exist and are of the right kind, and
saves all it changes in one transaction, or nothing. A change to a record has one shape,
written once in `Tracker._change`: each use case names only the record, what to ask of it,
and the records it would link to; its keyword arguments are the aggregate method's (with
`occurred_on` defaulting to today and `expected_version` the If-Match version).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError

from domain import Record
from domain.advocacy_inputs import AdvocacyInput
from domain.budget_lines import BudgetLine
from domain.coalitions import Coalition
from domain.comments import Comment, CommentThread, thread_id
from domain.commitments import Commitment
from domain.dialogues import Dialogue
from domain.errors import InvalidRecord
from domain.evidence import Evidence
from domain.outcomes import LINK_KINDS, Outcome
from tracker.errors import ConcurrentUpdate, DuplicateRecord, RecordNotFound, StaleVersion
from tracker.permissions import COMMENTED
from tracker.store import OUTCOME_LINK_CLASSES, RecordStore, Saved, today

__all__ = ["OUTCOME_LINK_CLASSES", "Saved", "Tracker", "today"]

THREAD_ATTEMPTS = 5  # saves of a comment tried while others comment on the same record


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

    def admit_member(self, coalition: str | UUID, **change: Any) -> Saved:
        """A member organisation (`name`) joined a coalition."""
        return self._change(Coalition, self.coalition_id(coalition), Coalition.admit_member, change)

    def release_member(self, coalition: str | UUID, **change: Any) -> Saved:
        """A member organisation (`name`) left a coalition."""
        coalition_id = self.coalition_id(coalition)
        return self._change(Coalition, coalition_id, Coalition.release_member, change)

    def rename_coalition(self, coalition: str | UUID, **change: Any) -> Saved:
        """A coalition took a new `name` (a real change; a misspelling is a correction)."""
        return self._change(Coalition, self.coalition_id(coalition), Coalition.rename, change)

    # Evidence and advocacy inputs ---------------------------------------------------------

    def record_evidence(self, **fields: Any) -> Saved:
        """Citizen evidence: a data set or report a coalition's communities produced."""
        return self._create(Evidence, fields)

    def retract_evidence(self, evidence_id: UUID, **change: Any) -> Saved:
        """Withdraw evidence from use, for a `reason`; it stays on record with its history."""
        return self._change(Evidence, evidence_id, Evidence.retract, change)

    def assess_evidence_quality(self, evidence_id: UUID, **change: Any) -> Saved:
        """Judge how far evidence can be relied on (`rating`, `note`)."""
        return self._change(Evidence, evidence_id, Evidence.assess_quality, change)

    def submit_advocacy_input(self, **fields: Any) -> Saved:
        """A position paper, petition or other input put before decision makers."""
        return self._create(AdvocacyInput, fields, links={"evidence": Evidence})

    def link_evidence(self, input_id: UUID, evidence_id: UUID, **change: Any) -> Saved:
        """An advocacy input now also rests on this evidence."""
        change = {**change, "evidence_id": evidence_id}
        links = {"evidence_id": Evidence}
        return self._change(AdvocacyInput, input_id, AdvocacyInput.link_evidence, change, links)

    def unlink_evidence(self, input_id: UUID, evidence_id: UUID, **change: Any) -> Saved:
        """An advocacy input no longer rests on this evidence."""
        change = {**change, "evidence_id": evidence_id}
        return self._change(AdvocacyInput, input_id, AdvocacyInput.unlink_evidence, change)

    def withdraw_advocacy_input(self, input_id: UUID, **change: Any) -> Saved:
        """The coalition no longer stands behind an input (`reason`); it stays on record."""
        return self._change(AdvocacyInput, input_id, AdvocacyInput.withdraw, change)

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

    def record_follow_up(self, dialogue_id: UUID, **change: Any) -> Saved:
        """Something that happened after a dialogue (`note`): a letter, a call, a meeting."""
        return self._change(Dialogue, dialogue_id, Dialogue.record_follow_up, change)

    def make_commitment(self, **fields: Any) -> Saved:
        """A commitment made outside any logged dialogue."""
        return self._create(Commitment, {**fields, "dialogue": None})

    def report_progress(self, commitment_id: UUID, **change: Any) -> Saved:
        """What a decision maker has done about a commitment (or its reassessment): `status`,
        `completion`, `note` and the `evidence` it rests on."""
        links = {"evidence": Evidence}
        return self._change(Commitment, commitment_id, Commitment.report_progress, change, links)

    def change_due_date(self, commitment_id: UUID, **change: Any) -> Saved:
        """The decision maker moved a commitment's deadline (`due_on`, for a `reason`)."""
        return self._change(Commitment, commitment_id, Commitment.change_due_date, change)

    def review_commitment(self, commitment_id: UUID, **change: Any) -> Saved:
        """The executive committee's verdict on a commitment's reported status."""
        return self._change(Commitment, commitment_id, Commitment.review_fulfilment, change)

    # Budgets and outcomes -----------------------------------------------------------------

    def identify_budget_line(self, **fields: Any) -> Saved:
        """A line of a public budget that commitments depend on."""
        return self._create(BudgetLine, fields, links={"commitments": Commitment})

    def record_budget_amount(self, line_id: UUID, **change: Any) -> Saved:
        """A proposed, allocated, released or spent figure of a budget line (`stage`,
        `amount`, `source`)."""
        return self._change(BudgetLine, line_id, BudgetLine.record_amount, change)

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

    def change_outcome_stage(self, outcome_id: UUID, **change: Any) -> Saved:
        """An outcome moved on (adopted, implemented) or back (blocked, reversed)."""
        return self._change(Outcome, outcome_id, Outcome.change_stage, change)

    def substantiate_outcome(self, outcome_id: UUID, **change: Any) -> Saved:
        """An evaluator's verdict on whether an outcome happened as described."""
        return self._change(Outcome, outcome_id, Outcome.substantiate, change)

    # Any record ---------------------------------------------------------------------------

    def correct(self, kind: str, record_id: UUID, **change: Any) -> Saved:
        """Put right a wrong entry of any record (`changes`, for a `reason`): shown as a
        correction, not a change."""
        return self._change(self.record_class(kind), record_id, Record.correct, change)

    # Comment threads ----------------------------------------------------------------------

    def comment_thread(self, kind: str, record_id: UUID) -> CommentThread | None:
        """The comments on a record of `kind` (None while nobody has commented on it)."""
        try:
            thread: CommentThread = self.repository.get(thread_id(record_id))
        except AggregateNotFoundError:
            return None
        return thread if thread.kind == kind else None

    def add_comment(
        self, kind: str, record_id: UUID, *, body: str, recorded_by: str, reply_to: UUID | None
    ) -> Comment:
        """A comment on a record, or a reply to one of its comments. The thread is not the
        record: commenting never changes the record's version (and so never refuses
        someone's If-Match), and two people commenting at once both land."""
        record = self.get(kind, record_id)

        def write(thread: CommentThread) -> Comment:
            return thread.add(body, reply_to, record.version, recorded_by)

        return self._write_thread(record, recorded_by, write)

    def correct_comment(
        self,
        kind: str,
        record_id: UUID,
        comment_id: UUID,
        *,
        body: str,
        reason: str,
        recorded_by: str,
        expected_version: int | None = None,
    ) -> Comment:
        """Put right what a comment says, for a `reason`; `expected_version` is the
        comment's version the caller read (If-Match). Who may is tracker.permissions'."""
        record = self.get(kind, record_id)
        read: list[int] = []  # the comment's version when first read

        def write(thread: CommentThread) -> Comment:
            found = thread.comments.get(comment_id)
            if found is None:
                raise RecordNotFound("comment", comment_id)
            read.append(found.version)
            if expected_version is not None and found.version != expected_version:
                raise StaleVersion(comment_id, expected_version, found.version)
            if found.version != read[0]:  # corrected meanwhile by someone else
                raise ConcurrentUpdate()
            return thread.correct(comment_id, body, reason, record.version, recorded_by)

        return self._write_thread(record, recorded_by, write)

    def _write_thread(
        self, record: Record, recorded_by: str, write: Callable[[CommentThread], Comment]
    ) -> Comment:
        """Load the record's thread (or begin it), write, save; on losing a race to another
        comment, try again on the thread as it now stands."""
        if record.KIND not in COMMENTED:
            raise RecordNotFound(record.KIND, record.id)
        for _attempt in range(THREAD_ATTEMPTS):
            thread = self.comment_thread(record.KIND, record.id) or CommentThread(
                kind=record.KIND,
                record=record.id,
                coalition=record.coalition,  # type: ignore[attr-defined]
                recorded_by=recorded_by,
            )
            comment = write(thread)
            try:
                self.save(thread)
            except IntegrityError:
                continue
            return comment
        raise ConcurrentUpdate()

    # The one shape of a change ------------------------------------------------------------

    def _change(
        self,
        cls: type[Record],
        record_id: UUID,
        ask: Callable[..., None],
        change: Mapping[str, Any],
        links: Mapping[str, type[Record]] | None = None,
    ) -> Saved:
        """Load the record at the version the caller named (`expected_version`), check the
        records named in the `links` fields of the change, ask the record, save it.

        `change` holds the keyword arguments of `ask`, the aggregate's method, with
        `recorded_by` and `occurred_on` (today when not given).
        """
        values = dict(change)
        record = self._load(cls, record_id, values.pop("expected_version", None))
        if links:
            named = {name: values.get(name, ()) for name in links}
            self._check_references(
                {name: [ids] if isinstance(ids, UUID) else ids for name, ids in named.items()},
                links,
            )
        ask(record, **{**values, "occurred_on": values.get("occurred_on") or today()})
        return self._save_change(record)
