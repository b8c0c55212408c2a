"""Field types of the API's bodies, stricter than marshmallow's own where the contract is.

marshmallow is lenient in ways the contract is not: `Date` takes `20250101`, `Integer`
takes `true`, `Decimal` takes JSON numbers and exponents. Each field here accepts exactly
what the OpenAPI document says it does, so a client can trust the document.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from marshmallow import ValidationError, fields, validate

from domain.rules import latest_allowed_occurrence
from domain.texts import LABEL, MAX_ITEMS, NAME, unsafe_characters
from domain.vocabularies import SDG_TARGET_SHAPE

DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
AMOUNT = re.compile(r"^[0-9]{1,15}(\.[0-9]{1,4})?$")
# Anchored with `$` for the OpenAPI document (ECMA has no \Z); FullMatch matches it whole.
SDG_TARGET = re.compile(rf"^{SDG_TARGET_SHAPE}$")
NOT_BLANK = re.compile(r"\S")


class FullMatch(validate.Validator):
    """The whole value matches `regex` (marshmallow's Regexp lets `$` pass a final newline).

    The pattern is written so that ECMA and Python read it alike; apispec documents it.
    """

    def __init__(self, pattern: re.Pattern[str], hint: str) -> None:
        self.regex, self.hint = pattern, hint

    def __call__(self, value: Any) -> Any:
        if not isinstance(value, str) or not self.regex.fullmatch(value):
            raise ValidationError(f"must be {self.hint}")
        return value


class NotBlank(validate.Validator):
    """Text with something in it besides spaces (documented as the pattern `\\S`)."""

    regex = NOT_BLANK

    def __call__(self, value: Any) -> Any:
        if not isinstance(value, str) or not value.strip():
            raise ValidationError("must not be empty")
        return value


class SafeText(validate.Validator):
    """Text every store and every projection can keep: no control characters but tab and
    line breaks, no lone surrogates, at most `limit` characters (DESIGN.md's field rules).

    The limit is documented as `maxLength`, so the OpenAPI document says it too.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit

    def __call__(self, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        if bad := unsafe_characters(value):
            raise ValidationError(f"must not contain control characters or lone surrogates ({bad})")
        if len(value) > self.limit:
            raise ValidationError(f"must be at most {self.limit:,} characters")
        return value


def text(*, blank: bool = False, limit: int = NAME, **kwargs: Any) -> fields.String:
    """A required string; not blank unless the contract lets it be (`summary`, `note`...).

    `limit`: NAME (titles, names, ids: 300), LABEL (institutions, roles: 1,000) or PROSE
    (summaries, notes, reasons: 20,000).
    """
    kwargs.setdefault("required", "load_default" not in kwargs)
    validators: list[validate.Validator] = [SafeText(limit)]
    if not blank:
        validators.append(NotBlank())
    return fields.String(validate=validators, metadata={"maxLength": limit}, **kwargs)


def texts(*, limit: int = LABEL, **kwargs: Any) -> fields.List:
    """A list of non-empty free texts (groups, targets, producers, locations)."""
    kwargs.setdefault("required", "load_default" not in kwargs)
    item = fields.String(validate=[SafeText(limit), NotBlank()], metadata={"maxLength": limit})
    return fields.List(item, validate=validate.Length(max=MAX_ITEMS), **kwargs)


def label(**kwargs: Any) -> fields.String:
    """A short free text naming something (a group in `by_group`): LABEL characters at most."""
    return fields.String(
        validate=[SafeText(LABEL), NotBlank()], metadata={"maxLength": LABEL}, **kwargs
    )


def choice(words: Sequence[Any], **kwargs: Any) -> fields.String:
    """One word of a closed vocabulary, listed as an enum in the document."""
    kwargs.setdefault("required", "load_default" not in kwargs)
    return fields.String(validate=validate.OneOf(words), **kwargs)


def choices(words: Sequence[str], **kwargs: Any) -> fields.List:
    """A list of words of a closed vocabulary."""
    kwargs.setdefault("required", True)
    items = validate.Length(max=MAX_ITEMS)
    return fields.List(fields.String(validate=validate.OneOf(words)), validate=items, **kwargs)


def ids(**kwargs: Any) -> fields.List:
    """A list of record ids (UUIDs)."""
    kwargs.setdefault("required", True)
    return fields.List(fields.UUID(), validate=validate.Length(max=MAX_ITEMS), **kwargs)


def sdg_targets(**kwargs: Any) -> fields.List:
    """SDG targets such as `5.5`, `17.18` or `5.a`."""
    kwargs.setdefault("required", True)
    target = fields.String(validate=FullMatch(SDG_TARGET, "an SDG target such as 5.5 or 5.a"))
    return fields.List(target, validate=validate.Length(max=MAX_ITEMS), **kwargs)


def coalition(**kwargs: Any) -> fields.String:
    """A coalition, named by its code (`ke`) or its id."""
    kwargs.setdefault("required", True)
    kwargs.setdefault("metadata", {"description": "a coalition's code (such as `ke`) or id"})
    return fields.String(validate=[SafeText(NAME), NotBlank()], **kwargs)


class Day(fields.Date):
    """A calendar date written `YYYY-MM-DD`, and nothing else."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> date:
        if not isinstance(value, str) or not DAY.fullmatch(value):
            raise ValidationError("must be a date written YYYY-MM-DD")
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValidationError("must be a date that exists") from None


class PastDay(Day):
    """The day something happened: never later than tomorrow (UTC), a day's slack for zones."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> date:
        day = super()._deserialize(value, attr, data, **kwargs)
        if day > latest_allowed_occurrence():
            raise ValidationError("must not be later than tomorrow (UTC)")
        return day


def occurred_on(*, optional: bool = False) -> PastDay:
    """`occurred_on`: required where the contract lists it, else defaulting to today (UTC)."""
    if optional:
        return PastDay(load_default=None, allow_none=True)
    return PastDay(required=True)


class Amount(fields.String):
    """Money as a string in plain decimal notation; a JSON number or an exponent is refused."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", True)
        metadata = {"pattern": AMOUNT.pattern, "example": "1250000.50"}
        super().__init__(metadata=metadata, **kwargs)

    def _deserialize(  # type: ignore[override]  # a string in JSON, a Decimal in Python
        self, value: Any, attr: str | None, data: Any, **kwargs: Any
    ) -> Decimal:
        if not isinstance(value, str):
            raise ValidationError('must be a string such as "1250000.50", not a number')
        if not AMOUNT.fullmatch(value):
            raise ValidationError(
                "must be a decimal such as 1250000.50: at most 15 digits and 4 decimals,"
                " not negative, no exponent"
            )
        return Decimal(value)

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        return None if value is None else format(Decimal(value), "f")


class Count(fields.Integer):
    """A whole number, not negative; `true` and `1.0` are not whole numbers here."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("validate", validate.Range(min=0))
        super().__init__(strict=True, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> int:
        if isinstance(value, bool):
            raise ValidationError("must be a whole number")
        result: int = super()._deserialize(value, attr, data, **kwargs)
        return result


MOST_DIGITS = 18  # a whole number longer than this is no count, page or year of ours


class WholeNumber(fields.Integer):
    """A whole number of a query string, in ASCII digits only (DESIGN.md: `٣` and `１２` are
    not numbers here, though Python's int() reads them), of at most 18 digits."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> int:
        if isinstance(value, str):
            digits = value.removeprefix("-")
            if not (digits.isascii() and digits.isdigit() and len(digits) <= MOST_DIGITS):
                raise ValidationError("must be a whole number, in the digits 0 to 9")
        result: int = super()._deserialize(value, attr, data, **kwargs)
        return result


class StrictBoolean(fields.Boolean):
    """JSON `true` or `false` only (marshmallow also takes "yes", 1, "on"...)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if not isinstance(value, bool):
            raise ValidationError("must be true or false")
        return value
