"""Bodies of commitments: made, progressed, rescheduled, reviewed."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from domain.commitments import Commitment
from domain.texts import LABEL, PROSE
from domain.vocabularies import COMMITMENT_STATUSES, COMPLETION_LEVELS, LEVELS, REVIEW_VERDICTS
from projections.queries.counting import UNSPECIFIED
from projections.queries.reviews import REVIEW_STATES, UNREVIEWED
from web.schemas.common import (
    Body,
    CoalitionRecordOut,
    correction_schema,
    external_ref,
    judged,
    judgement,
)
from web.schemas.fields import (
    Day,
    WholeNumber,
    choice,
    coalition,
    ids,
    occurred_on,
    sdg_targets,
    text,
    texts,
)
from web.schemas.queries import CoalitionFilter, PageQuery, day, moment, page_of


class MadeByIn(Body):
    """Who made the commitment: an institution, and the role of the person who spoke."""

    institution = text(limit=LABEL)
    role = text(blank=True, limit=LABEL)


class CommitmentFields(Body):
    """What a commitment says, wherever it is made."""

    text = text(limit=PROSE)
    made_by = fields.Nested(MadeByIn, required=True)
    due_on = Day(required=True, allow_none=True, metadata={"description": "null: no deadline"})
    groups = texts()
    sdg_targets = sdg_targets()
    external_ref = external_ref()


class CommitmentIn(CommitmentFields):
    """A commitment made outside any logged dialogue."""

    coalition = coalition()
    occurred_on = occurred_on()


CommitmentCorrectionIn = correction_schema(CommitmentIn, Commitment.CORRECTABLE)


class ProgressIn(Body):
    """What the decision maker has done: a status (or the same one), a completion level.

    Moving a closed commitment back to `in_progress` is a reassessment: `note` is its reason.
    """

    status = choice(COMMITMENT_STATUSES)
    completion = choice(COMPLETION_LEVELS)
    note = text(blank=True, limit=PROSE)
    evidence = ids()
    occurred_on = occurred_on()


class DueDateChangeIn(Body):
    """The decision maker moved the deadline (null: none any more)."""

    due_on = Day(required=True, allow_none=True)
    reason = text(limit=PROSE)
    occurred_on = occurred_on()


class ReviewIn(Body):
    """The executive committee's verdict on the reported status."""

    verdict, note, occurred_on = judgement(REVIEW_VERDICTS)


class ReviewOut(Schema):
    """The latest review, and the status it judged."""

    verdict, note, occurred_on = judged()
    recorded_by = fields.String()
    status = fields.String()


class ReviewItemOut(Schema):
    """The latest review of a commitment in a list, and the status it judged."""

    verdict = fields.String(required=True)
    note = fields.String(required=True)
    occurred_on = day(required=True, allow_none=True)
    recorded_by = fields.String(required=True)
    status = fields.String(required=True, allow_none=True)


class CommitmentOut(CoalitionRecordOut):
    """A commitment as it stands now, with what is derived from it today."""

    dialogue = fields.String(allow_none=True)
    text = fields.String()
    made_by = fields.Dict(keys=fields.String(), values=fields.String())
    due_on = fields.Date(allow_none=True)
    groups = fields.List(fields.String())
    sdg_targets = fields.List(fields.String())
    status = fields.String()
    completion = fields.String()
    status_dates = fields.Dict(keys=fields.String(), values=fields.Date())
    overdue = fields.Boolean()
    days_overdue = fields.Integer()
    review = fields.Nested(ReviewOut, allow_none=True)
    budget_lines = fields.List(fields.String())


class CommitmentsQuery(PageQuery):
    """Filters of the commitments list; each narrows it further."""

    coalition = CoalitionFilter()
    status = choice(COMMITMENT_STATUSES, load_default=None)
    overdue = fields.Boolean(
        load_default=None,
        truthy={"true"},
        falsy={"false"},
        metadata={"description": "open and past its due date today (UTC): true or false"},
    )
    level = choice(
        (*LEVELS, UNSPECIFIED),
        load_default=None,
        metadata={"description": f"its dialogue's level; `{UNSPECIFIED}`: made outside one"},
    )
    year = WholeNumber(
        load_default=None,
        validate=validate.Range(min=1, max=9998),
        metadata={"description": "the year it was made"},
    )
    review = choice(
        REVIEW_STATES,
        load_default=None,
        metadata={
            "description": "the executive committee's latest verdict on it, whatever status it"
            f" judged; `{UNREVIEWED}`: never reviewed"
        },
    )


class MadeByOut(Schema):
    """Who made a commitment."""

    institution = fields.String(required=True)
    role = fields.String(required=True)


class CommitmentItemOut(Schema):
    """A commitment in a list, as the read model has it (dates of each status reached)."""

    id = fields.String(required=True)
    coalition = fields.String(required=True)
    dialogue = fields.String(required=True, allow_none=True)
    text = fields.String(required=True)
    made_by = fields.Nested(MadeByOut, required=True)
    level = fields.String(required=True, allow_none=True)
    groups = fields.List(fields.String(), required=True)
    sdg_targets = fields.List(fields.String(), required=True)
    status = fields.String(required=True)
    completion = fields.String(required=True)
    due_on = day(required=True, allow_none=True)
    occurred_on = day(required=True)
    status_dates = fields.Dict(keys=fields.String(), values=day(), required=True)
    overdue = fields.Boolean(required=True)
    days_overdue = fields.Integer(required=True)
    review = fields.Nested(ReviewItemOut, required=True, allow_none=True)
    recorded_at = moment(required=True)
    recorded_by = fields.String(required=True)


CommitmentPageOut = page_of(CommitmentItemOut, "CommitmentPageOut")
