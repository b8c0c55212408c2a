"""Shapes every resource shares: the base of input bodies, the write answer, problems,
corrections, what every record shows, and the fields of a verdict on a record."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence

from marshmallow import RAISE, Schema, fields, missing

from domain.texts import PROSE
from web.schemas.fields import PastDay, choice, occurred_on, text


class Body(Schema):
    """A request body: an unknown field is an error, never silently dropped."""

    class Meta:
        unknown = RAISE


class ExternalRefIn(Body):
    """How another tool knows the record: unique per kind and system."""

    system = text()
    id = text()


def external_ref() -> fields.Nested:
    """The optional `external_ref` every create takes."""
    return fields.Nested(ExternalRefIn, load_default=None, allow_none=True)


class SavedOut(Schema):
    """The answer to a write: the record's id and its new version."""

    id = fields.String(required=True)
    version = fields.Integer(required=True)


class DialogueSavedOut(SavedOut):
    """The answer to a new dialogue: also its commitments' ids, in the order given."""

    commitments = fields.List(fields.String(), required=True)


class ProblemOut(Schema):
    """An error, as RFC 9457 `application/problem+json`."""

    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String(required=True)
    errors = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={"description": "messages by field path, such as `commitments.1.due_on`"},
    )


class CorrectionBase(Body):
    """A correction: the fields to put right, and why."""

    reason = text(limit=PROSE)
    occurred_on = PastDay(load_default=None, allow_none=True)


def correction_schema(create: type[Schema], correctable: Iterable[str]) -> type[Schema]:
    """The correction body of a kind (named after its create body: `EvidenceIn` ->
    `EvidenceCorrectionIn`): its correctable fields, each optional, and a reason."""
    name = create.__name__.removesuffix("In") + "CorrectionIn"
    declared = create._declared_fields
    optional: dict[str, fields.Field] = {}
    for field_name in correctable:
        field = copy.deepcopy(declared[field_name])
        field.required = False
        field.load_default = missing
        optional[field_name] = field
    return type(name, (CorrectionBase,), {**optional, "__doc__": CorrectionBase.__doc__})


class RecordOut(Schema):
    """What every record shows: id, version, provenance and whether it was closed."""

    id = fields.String(required=True)
    version = fields.Integer(required=True)
    occurred_on = fields.Date(allow_none=True)
    recorded_by = fields.String()
    recorded_at = fields.DateTime()
    modified_at = fields.DateTime()
    external_ref = fields.Dict(keys=fields.String(), values=fields.String(), allow_none=True)
    closed_as = fields.String(allow_none=True)


class CoalitionRecordOut(RecordOut):
    """What every record of a coalition shows: what every record shows, and its coalition."""

    coalition = fields.String()


def judgement(words: Sequence[str]) -> tuple[fields.String, fields.String, PastDay]:
    """The fields of a verdict on a record (or a rating), in their order: the word chosen
    from `words`, a note (which may be blank), and the day (today if not given)."""
    return choice(words), text(blank=True, limit=PROSE), occurred_on(optional=True)


def judged() -> tuple[fields.String, fields.String, fields.Date]:
    """The same three fields as a record shows them."""
    return fields.String(), fields.String(), fields.Date()
