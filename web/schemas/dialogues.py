"""Bodies of dialogues with decision makers, with the commitments made in them."""

from __future__ import annotations

from marshmallow import Schema, fields

from domain.dialogues import Dialogue
from domain.texts import LABEL, PROSE
from domain.vocabularies import DIALOGUE_FORMATS, LEVELS
from web.schemas.commitments import CommitmentFields
from web.schemas.common import Body, CoalitionRecordOut, correction_schema, external_ref
from web.schemas.fields import Count, choice, coalition, ids, label, occurred_on, text


class DecisionMakerIn(Body):
    """A decision maker present: named with role and institution."""

    name = text(blank=True)
    role = text(blank=True, limit=LABEL)
    institution = text(limit=LABEL)


class ParticipantsIn(Body):
    """How many took part, in all and by group."""

    total = Count(required=True)
    by_group = fields.Dict(keys=label(), values=Count(), required=True)


class DialogueIn(Body):
    """A dialogue and the commitments made in it, saved together or not at all."""

    coalition = coalition()
    title = text()
    occurred_on = occurred_on()
    level = choice(LEVELS)
    format = choice(DIALOGUE_FORMATS)
    decision_makers = fields.List(fields.Nested(DecisionMakerIn), required=True)
    participants = fields.Nested(ParticipantsIn, required=True)
    advocacy_inputs = ids()
    summary = text(blank=True, limit=PROSE)
    commitments = fields.List(fields.Nested(CommitmentFields), required=True)
    external_ref = external_ref()


DialogueCorrectionIn = correction_schema(DialogueIn, Dialogue.CORRECTABLE)


class FollowUpIn(Body):
    """Something that happened after the dialogue: a letter, a call, a second meeting."""

    note = text(limit=PROSE)
    occurred_on = occurred_on()


class FollowUpOut(Schema):
    """A follow-up of a dialogue."""

    note = fields.String()
    occurred_on = fields.Date()


class DialogueOut(CoalitionRecordOut):
    """A dialogue as it stands now."""

    title = fields.String()
    level = fields.String()
    format = fields.String()
    decision_makers = fields.List(fields.Dict(keys=fields.String(), values=fields.String()))
    participants = fields.Dict()
    advocacy_inputs = fields.List(fields.String())
    summary = fields.String()
    follow_ups = fields.List(fields.Nested(FollowUpOut))
