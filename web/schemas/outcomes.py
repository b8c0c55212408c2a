"""Bodies of outcomes: harvested, moved on or back, substantiated."""

from __future__ import annotations

from marshmallow import Schema, fields

from domain.outcomes import Outcome
from domain.texts import LABEL, PROSE
from domain.vocabularies import CHANGE_TYPES, POLICY_STAGES, SUBSTANTIATION_VERDICTS
from web.schemas.common import (
    Body,
    CoalitionRecordOut,
    correction_schema,
    external_ref,
    judged,
    judgement,
)
from web.schemas.fields import choice, coalition, ids, occurred_on, text


class LinksIn(Body):
    """The records an outcome followed from, by kind (a kind left out links to nothing)."""

    evidence = ids(required=False, load_default=list)
    advocacy_inputs = ids(required=False, load_default=list)
    dialogues = ids(required=False, load_default=list)
    commitments = ids(required=False, load_default=list)
    budget_lines = ids(required=False, load_default=list)


class OutcomeIn(Body):
    """A change in policy or practice: who changed what, and how the coalition contributed."""

    coalition = coalition()
    description = text(limit=PROSE)
    social_actor = text(limit=LABEL)
    change_type = choice(CHANGE_TYPES)
    stage = choice(POLICY_STAGES)
    significance = text(blank=True, limit=PROSE)
    contribution = text(blank=True, limit=PROSE)
    occurred_on = occurred_on()
    links = fields.Nested(LinksIn, required=True)
    external_ref = external_ref()


OutcomeCorrectionIn = correction_schema(OutcomeIn, Outcome.CORRECTABLE)


class StageChangeIn(Body):
    """The change moved on (adopted, implemented) or back (blocked, reversed)."""

    stage = choice(POLICY_STAGES)
    note = text(blank=True, limit=PROSE)
    occurred_on = occurred_on()


class SubstantiationIn(Body):
    """An evaluator's verdict on whether the change happened as described."""

    verdict, note, occurred_on = judgement(SUBSTANTIATION_VERDICTS)


class SubstantiationOut(Schema):
    """One substantiation of an outcome."""

    verdict, note, occurred_on = judged()
    by = fields.String(
        metadata={"description": "who recorded it (for an outside answer: who asked)"}
    )
    source = fields.String(metadata={"enum": ["member", "outside"]})
    name = fields.String(
        allow_none=True,
        metadata={
            "description": "the outside person's name, for those who may ask such people"
            " (admins, evaluators, the outcome's coalition's leads); else null"
        },
    )


class OutcomeOut(CoalitionRecordOut):
    """An outcome as it stands now."""

    description = fields.String()
    social_actor = fields.String()
    change_type = fields.String()
    stage = fields.String()
    significance = fields.String()
    contribution = fields.String()
    links = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))
    substantiations = fields.List(fields.Nested(SubstantiationOut))
