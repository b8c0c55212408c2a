"""`POST /imports` (multipart/form-data) and the import's state: the form's fields, its
files, and what `GET /imports/<id>` answers. The import page reads its form with the same
schemas."""

from __future__ import annotations

from typing import Any

from flask_smorest.fields import Upload
from marshmallow import Schema, ValidationError, fields, post_load
from werkzeug.datastructures import FileStorage

from domain.texts import NAME
from tracker.errors import RecordNotFound
from tracker.imports.more_kinds import IMPORT_KINDS
from web.schemas.common import Body
from web.schemas.fields import NotBlank, SafeText, choice
from web.services import use_cases

MAX_MAPPING_BYTES = 256 * 1024  # a mapping is a page of TOML


class ImportCoalition(fields.String):
    """The coalition an import is into, by code or id; loaded as its code (as the import
    names coalitions); one that does not exist is a 422."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = str(super()._deserialize(value, attr, data, **kwargs)).strip()
        try:
            key = use_cases().coalition_id(text)
        except RecordNotFound:
            raise ValidationError(f"no coalition is named {text!r}") from None
        return str(use_cases().get("coalition", key).code)  # type: ignore[attr-defined]


class ImportIn(Body):
    """The form (multipart/form-data): what to import, into which coalition and how, the
    CSV file and optionally its mapping (TOML, UTF-8); loaded with the file's bytes and the
    mapping's text."""

    kind = choice(tuple(IMPORT_KINDS), metadata={"description": "the kind of record"})
    file = Upload(required=True, metadata={"description": "the CSV file (UTF-8)"})
    mapping = Upload(
        load_default=None,
        metadata={"description": "the mapping (TOML); without it, the tracker's own export"},
    )
    coalition = ImportCoalition(
        load_default=None,
        validate=[SafeText(NAME), NotBlank()],
        metadata={
            "description": "a coalition's code (such as `ke`) or id: every row is imported "
            "into it (a coalition lead must name one they lead)"
        },
    )
    dry_run = fields.Boolean(load_default=False, metadata={"description": "check, save nothing"})
    # `partial` is also a Schema's own attribute: the field has another name in Python.
    partial_rows = fields.Boolean(
        data_key="partial",
        attribute="partial",
        load_default=False,
        metadata={"description": "save the good rows even if others fail"},
    )

    @post_load
    def _read(self, data: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
        data["file"] = _upload(data["file"], "file")
        if data.get("mapping") is not None:
            raw = _upload(data["mapping"], "mapping", MAX_MAPPING_BYTES + 1)
            if len(raw) > MAX_MAPPING_BYTES:
                message = f"a mapping takes at most {MAX_MAPPING_BYTES // 1024} KB"
                raise ValidationError({"mapping": [message]})
            try:
                data["mapping"] = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise ValidationError({"mapping": ["the mapping must be UTF-8 text"]}) from None
        return data


def _upload(value: Any, name: str, most: int = -1) -> bytes:
    """The bytes of a part sent as a file or, as some clients send a small one, as text."""
    if isinstance(value, FileStorage):
        return value.read(most)
    if isinstance(value, str):
        return value.encode("utf-8")[: most if most >= 0 else None]
    raise ValidationError({name: ["must be a file"]})


class RowErrorOut(Schema):
    """A refused row: `row` 1 is the first data row; row 0 is the file or mapping whole."""

    row = fields.Integer(required=True)
    field = fields.String(required=True, allow_none=True)
    message = fields.String(required=True)


class ImportOut(Schema):
    """An import's state; its counts are the report once `status` is `done`."""

    id = fields.String(required=True)
    kind = fields.String(required=True)
    status = fields.String(
        required=True,
        metadata={"enum": ["queued", "running", "done", "failed"]},
    )
    stage = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "while running: `checking` rows, then `saving` them"},
    )
    rows = fields.Integer(required=True, metadata={"description": "rows in the file"})
    done = fields.Integer(
        required=True,
        metadata={"description": "rows checked (then saved) so far in the current stage"},
    )
    created = fields.Integer(required=True)
    updated = fields.Integer(required=True)
    unchanged = fields.Integer(required=True)
    errors = fields.List(fields.Nested(RowErrorOut), required=True)
