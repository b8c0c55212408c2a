"""Schemas of what pages read from query strings and the sign-in form.

Form fields that create or change records load through the API's own schemas
(web.schemas); these cover the rest, so that every input a page reads goes through a
marshmallow schema. A field left empty in a query string is taken as not given.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_babel import gettext as _
from marshmallow import (
    EXCLUDE,
    Schema,
    ValidationError,
    fields,
    missing,
    validate,
    validates_schema,
)

from domain.vocabularies import COMMITMENT_STATUSES, LEVELS
from projections.queries.reviews import REVIEW_STATES
from web.pages.forms import Form
from web.problems import field_paths
from web.schemas.fields import Day, NotBlank, WholeNumber
from web.schemas.queries import MOST_PAGES

UNSPECIFIED_LEVEL = "unspecified"  # commitments made outside a dialogue have no level


class Filters(Schema):
    """A query string: other parameters (a page's own) are left alone."""

    class Meta:
        unknown = EXCLUDE


class SignIn(Filters):
    """A name and a password; which of them is wrong is never said."""

    name = fields.String(required=True, validate=NotBlank())
    password = fields.String(required=True, validate=validate.Length(min=1))
    next = fields.String(load_default="")


class TimelineFilters(Filters):
    """Dates between which entries happened, their order and the page."""

    from_ = Day(data_key="from", load_default=None)
    to = Day(load_default=None)
    order = fields.String(load_default="desc", validate=validate.OneOf(("asc", "desc")))
    page = WholeNumber(load_default=1, validate=validate.Range(min=1, max=MOST_PAGES))


def fulfilment_filters(coalitions: Sequence[str], years: Sequence[int]) -> Filters:
    """The dashboard's filters, offered as lists: a value not on the list is refused."""

    class FulfilmentFilters(Filters):
        coalition = fields.String(load_default=None, validate=validate.OneOf(coalitions))
        year = WholeNumber(load_default=None, validate=validate.OneOf(years))
        level = fields.String(
            load_default=None, validate=validate.OneOf((*LEVELS, UNSPECIFIED_LEVEL))
        )

    return FulfilmentFilters()


def commitment_filters(coalitions: Sequence[str], years: Sequence[int]) -> Filters:
    """The list of commitments' filters: the dashboard's, a status, overdue, the latest
    review's verdict (or `unreviewed`), the page."""

    class CommitmentFilters(Filters):
        coalition = fields.String(load_default=None, validate=validate.OneOf(coalitions))
        year = WholeNumber(load_default=None, validate=validate.OneOf(years))
        level = fields.String(load_default=None, validate=validate.OneOf(LEVELS))
        status = fields.String(load_default=None, validate=validate.OneOf(COMMITMENT_STATUSES))
        overdue = fields.Boolean(load_default=None, truthy={"on"}, falsy=set())
        review = fields.String(load_default=None, validate=validate.OneOf(REVIEW_STATES))
        page = WholeNumber(load_default=1, validate=validate.Range(min=1, max=MOST_PAGES))

    return CommitmentFilters()


class AuditMoment(Filters):
    """As known on a day (its end, UTC), or on a second of it."""

    as_known_on = Day(load_default=None)
    at = fields.Time(load_default=None)

    @validates_schema
    def _day_with_time(self, data: dict[str, Any], **_kwargs: Any) -> None:
        if data.get("at") is not None and data.get("as_known_on") is None:
            raise ValidationError(_("Give the date as well as the time."), "as_known_on")


def load(schema: Schema, form: Form) -> dict[str, Any]:
    """The form's values loaded by the schema; on problems, they go on the form and the
    values that were fine are kept (the rest take their defaults)."""
    given = {key: value for key, value in form.values.items() if value.strip()}
    try:
        loaded: dict[str, Any] = schema.load(given)
        return loaded
    except ValidationError as invalid:
        problems = field_paths(invalid.messages)
        form.add(problems)
        kept = {key: value for key, value in given.items() if key not in problems}
        try:
            partial: dict[str, Any] = schema.load(kept, partial=True)
        except ValidationError:  # a rule across fields still fails: keep nothing
            partial = {}
        return {**_defaults(schema), **partial}


def _defaults(schema: Schema) -> dict[str, Any]:
    """What each field takes when not given (a partial load leaves them out)."""
    found = {}
    for name, field in schema.fields.items():
        default = field.load_default
        if default is not missing:
            found[field.attribute or name] = default() if callable(default) else default
    return found
