"""Bodies of coalitions and their member organisations."""

from __future__ import annotations

import re

from marshmallow import fields

from domain.coalitions import Coalition
from domain.vocabularies import COUNTRIES
from web.schemas.common import Body, RecordOut, correction_schema, external_ref
from web.schemas.fields import FullMatch, choice, occurred_on, text

CODE = re.compile(r"^[a-z]{2,8}$")


class CoalitionIn(Body):
    """A coalition joins the partnership: a unique code, a name and, if any, a country."""

    code = fields.String(required=True, validate=FullMatch(CODE, "2 to 8 lower-case letters"))
    name = text()
    country = choice(sorted(COUNTRIES), load_default=None, allow_none=True)
    occurred_on = occurred_on(optional=True)
    external_ref = external_ref()


CoalitionCorrectionIn = correction_schema(CoalitionIn, Coalition.CORRECTABLE)


class MemberIn(Body):
    """A member organisation joined."""

    name = text()
    occurred_on = occurred_on()


class MemberLeftIn(Body):
    """A member organisation left (the name is in the path)."""

    occurred_on = occurred_on(optional=True)


class CoalitionOut(RecordOut):
    """A coalition as it stands now."""

    code = fields.String()
    name = fields.String()
    country = fields.String(allow_none=True)
    members = fields.List(fields.String())
