"""Bodies of budget lines and the amounts recorded for their stages."""

from __future__ import annotations

import re

from marshmallow import Schema, fields

from domain.budget_lines import BudgetLine
from domain.texts import PROSE
from domain.vocabularies import BUDGET_STAGES, CURRENCIES, LEVELS
from web.schemas.common import Body, CoalitionRecordOut, correction_schema, external_ref
from web.schemas.fields import Amount, FullMatch, choice, coalition, ids, occurred_on, text, texts

FISCAL_YEAR = re.compile(r"^(19|20)[0-9]{2}(/[0-9]{2})?$")


class BudgetLineIn(Body):
    """A line of a public budget that commitments depend on; undated, it takes the date of
    its earliest amount."""

    coalition = coalition()
    commitments = ids()
    government = text()
    level = choice(LEVELS)
    fiscal_year = fields.String(
        required=True, validate=FullMatch(FISCAL_YEAR, "a year such as 2025 or 2025/26")
    )
    programme = text()
    currency = choice(sorted(CURRENCIES))
    groups = texts()
    occurred_on = occurred_on(optional=True)
    external_ref = external_ref()


BudgetLineCorrectionIn = correction_schema(BudgetLineIn, BudgetLine.CORRECTABLE)


class AmountIn(Body):
    """A figure for one stage, as published on `occurred_on` by `source`."""

    stage = choice(BUDGET_STAGES)
    amount = Amount()
    occurred_on = occurred_on()
    source = text(blank=True, limit=PROSE)


class FigureOut(Schema):
    """The figure of one stage: the amount with the latest `occurred_on`."""

    amount = Amount()
    occurred_on = fields.Date()
    source = fields.String()


class BudgetLineOut(CoalitionRecordOut):
    """A budget line as it stands now."""

    commitments = fields.List(fields.String())
    government = fields.String()
    level = fields.String()
    fiscal_year = fields.String()
    programme = fields.String()
    currency = fields.String()
    groups = fields.List(fields.String())
    dated_on = fields.Date(allow_none=True)
    amounts = fields.Dict(keys=fields.String(), values=fields.Nested(FigureOut))
