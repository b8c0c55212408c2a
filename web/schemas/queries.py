"""What the read endpoints share: strict query strings, pages, and the values they name.

A query string is read as strictly as a body: an unknown parameter is a 422 naming it
(a misspelt filter silently ignored would answer the wrong question). The dates and
moments the queries answer are written in ISO form by `day` and `moment`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate

from projections.queries import moment_of
from projections.queries.common import DEFAULT_PER_PAGE, MAX_PER_PAGE
from tracker.errors import RecordNotFound
from web.schemas.fields import WholeNumber
from web.services import use_cases

DATE_OR_MOMENT = r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?)?$"
MOST_PAGES = 1_000_000_000  # OFFSET must stay within a database's integers


class Query(Schema):
    """A query string: an unknown parameter is an error, never silently dropped."""

    class Meta:
        unknown = RAISE


class PageQuery(Query):
    """Which page of a list: counted from 1, 50 per page unless asked (at most 200)."""

    page = WholeNumber(load_default=1, validate=validate.Range(min=1, max=MOST_PAGES))
    per_page = WholeNumber(
        load_default=DEFAULT_PER_PAGE, validate=validate.Range(min=1, max=MAX_PER_PAGE)
    )


class CoalitionFilter(fields.String):
    """A coalition named by code or id, which must exist (a typo is a 422, not an empty
    answer); loaded as the coalition's id."""

    def __init__(self, **kwargs: Any) -> None:
        description = "a coalition's code (such as `ke`) or id"
        super().__init__(load_default=None, metadata={"description": description}, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            return str(use_cases().coalition_id(text.strip()))
        except RecordNotFound:
            raise ValidationError(f"no coalition is named {text!r}") from None


class Moment(fields.String):
    """A date (meaning the end of that day) or a date-time; without an offset, UTC."""

    def __init__(self, **kwargs: Any) -> None:
        metadata = {
            "description": "a date (the end of that day) or date-time; without an offset, UTC",
            "pattern": DATE_OR_MOMENT,
            "example": "2025-03-31",
        }
        super().__init__(metadata=metadata, **kwargs)

    def _deserialize(  # type: ignore[override]  # text in the query, a moment in Python
        self, value: Any, attr: str | None, data: Any, **kwargs: Any
    ) -> datetime:
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            return moment_of(text)
        except ValueError:
            raise ValidationError(
                "must be a date such as 2025-03-31 or a date-time such as 2025-03-31T12:00:00Z"
            ) from None


def day(**kwargs: Any) -> fields.Date:
    """A date in an answer, in ISO form (`2025-03-31`)."""
    return fields.Date(**kwargs)


def moment(**kwargs: Any) -> fields.DateTime:
    """A date-time in an answer, with its offset, as `datetime.isoformat` writes it
    (`2025-03-01T10:00:00.123456+00:00`; no fraction when it has none)."""
    return fields.DateTime(**kwargs)


def page_of(item: type[Schema], name: str) -> type[Schema]:
    """The answer of a paged list: `{items, page, per_page, total}`, never a bare array."""
    return Schema.from_dict(
        {
            "items": fields.List(fields.Nested(item), required=True),
            "page": fields.Integer(required=True),
            "per_page": fields.Integer(required=True),
            "total": fields.Integer(required=True),
        },
        name=name,
    )
