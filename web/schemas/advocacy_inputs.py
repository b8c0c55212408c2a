"""Bodies of advocacy inputs and their withdrawal."""

from __future__ import annotations

from marshmallow import fields

from domain.advocacy_inputs import AdvocacyInput
from domain.texts import PROSE
from domain.vocabularies import ADVOCACY_INPUT_KINDS
from web.schemas.common import Body, CoalitionRecordOut, correction_schema, external_ref
from web.schemas.fields import choice, coalition, ids, occurred_on, text, texts


class AdvocacyInputIn(Body):
    """What a coalition put before decision makers, and the evidence it rests on."""

    coalition = coalition()
    kind = choice(ADVOCACY_INPUT_KINDS)
    title = text()
    asks = texts(limit=PROSE)
    evidence = ids()
    targets = texts()
    occurred_on = occurred_on()
    external_ref = external_ref()


AdvocacyInputCorrectionIn = correction_schema(AdvocacyInputIn, AdvocacyInput.CORRECTABLE)


class WithdrawalIn(Body):
    """Why the coalition no longer stands behind the input."""

    reason = text(limit=PROSE)
    occurred_on = occurred_on()


class AdvocacyInputOut(CoalitionRecordOut):
    """An advocacy input as it stands now."""

    kind = fields.String()
    title = fields.String()
    asks = fields.List(fields.String())
    evidence = fields.List(fields.String())
    targets = fields.List(fields.String())
    withdrawal_reason = fields.String(allow_none=True)
