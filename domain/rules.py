"""Field rules shared by every record, gathered so one refusal names every bad field.

A record is checked whole (when it is created, and again with a correction applied), so
the same rules hold for what was first typed and for what it was corrected to.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain.errors import InvalidRecord
from domain.vocabularies import SDG_TARGET

MAX_AMOUNT_DIGITS = 15
MAX_AMOUNT_DECIMALS = 4


def latest_allowed_occurrence() -> date:
    """`occurred_on` may be tomorrow (UTC) at the latest: a day's slack for time zones."""
    return datetime.now(UTC).date() + timedelta(days=1)


class Check:
    """Collects the problems of one record, then raises them all at once."""

    def __init__(self, fields: Mapping[str, Any]) -> None:
        self.fields = fields
        self.errors: dict[str, list[str]] = {}

    def problem(self, field: str, message: str) -> None:
        """Note that `field` breaks a rule."""
        self.errors.setdefault(field, []).append(message)

    def done(self) -> None:
        """Raise every problem found, or nothing."""
        if self.errors:
            raise InvalidRecord(self.errors)

    def text(self, field: str, *, empty_ok: bool = False, optional: bool = False) -> None:
        """A string; blank only where the record allows it."""
        value = self.fields.get(field)
        if value is None and optional:
            return
        if not isinstance(value, str):
            self.problem(field, "must be text")
        elif not empty_ok and not value.strip():
            self.problem(field, "must not be empty")

    def texts(self, field: str) -> None:
        """A list of non-empty strings (free text such as groups or locations)."""
        value = self.fields.get(field)
        if not isinstance(value, list) or not all(
            isinstance(item, str) and item.strip() for item in value
        ):
            self.problem(field, "must be a list of non-empty texts")

    def choice(
        self, field: str, choices: Collection[Any], *, optional: bool = False, hint: str = ""
    ) -> None:
        """One word of a closed vocabulary (`hint` names a vocabulary too long to list)."""
        value = self.fields.get(field)
        if value is None and optional:
            return
        # Same type as well as equal: True == 1 and 1.0 == 1, and a list must not raise.
        if not any(type(value) is type(choice) and value == choice for choice in choices):
            self.problem(field, f"must be {hint or 'one of: ' + ', '.join(map(str, choices))}")

    def choices(self, field: str, choices: Collection[str]) -> None:
        """A list of words of a closed vocabulary, each at most once."""
        value = self.fields.get(field)
        if not isinstance(value, list) or not all(item in choices for item in value):
            self.problem(field, f"must be a list of: {', '.join(choices)}")
        elif len(set(value)) != len(value):
            self.problem(field, "must not repeat a value")

    def day(self, field: str, *, optional: bool = False, past: bool = False) -> None:
        """A calendar date; with `past`, not later than tomorrow (UTC)."""
        value = self.fields.get(field)
        if value is None and optional:
            return
        if not isinstance(value, date) or isinstance(value, datetime):
            self.problem(field, "must be a date")
        elif past and value > latest_allowed_occurrence():
            self.problem(field, "must not be later than tomorrow")

    def count(self, field: str) -> None:
        """A whole number, not negative."""
        value = self.fields.get(field)
        if not isinstance(value, int) or isinstance(value, bool):
            self.problem(field, "must be a whole number")
        elif value < 0:
            self.problem(field, "must not be negative")

    def ids(self, field: str) -> None:
        """A list of record ids, each at most once."""
        value = self.fields.get(field)
        if not isinstance(value, list) or not all(isinstance(item, UUID) for item in value):
            self.problem(field, "must be a list of record ids")
        elif len(set(value)) != len(value):
            self.problem(field, "must not name a record twice")

    def sdg_targets(self, field: str) -> None:
        """SDG targets such as `5.5`, `17.18` or `5.a`."""
        value = self.fields.get(field)
        if not isinstance(value, list) or not all(
            isinstance(item, str) and SDG_TARGET.match(item) for item in value
        ):
            self.problem(field, "must be a list of SDG targets such as 5.5, 17.18 or 5.a")

    def pattern(self, field: str, regex: re.Pattern[str], hint: str) -> None:
        """A string of a fixed form."""
        value = self.fields.get(field)
        if not isinstance(value, str) or not regex.match(value):
            self.problem(field, f"must be {hint}")

    def amount(self, field: str) -> None:
        """Money: a finite, non-negative Decimal of at most 15 digits and 4 decimals."""
        value = self.fields.get(field)
        if not isinstance(value, Decimal) or not value.is_finite():
            self.problem(field, "must be a decimal amount")
            return
        if value < 0:
            self.problem(field, "must not be negative")
            return
        exponent = value.as_tuple().exponent
        decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        whole_digits = value.adjusted() + 1 if value >= 1 else 1  # int() of 1E+5000 raises
        if decimals > MAX_AMOUNT_DECIMALS or whole_digits > MAX_AMOUNT_DIGITS:
            self.problem(field, "must have at most 15 digits and 4 decimals")

    def source(self, field: str = "source") -> None:
        """An optional {column: text} of an imported row's columns no mapping named."""
        value = self.fields.get(field)
        if value is None:
            return
        if not isinstance(value, dict) or not all(
            isinstance(key, str) and key.strip() and isinstance(text, str)
            for key, text in value.items()
        ):
            self.problem(field, "must be {column: text}, each column named")

    def external_ref(self, field: str = "external_ref") -> None:
        """An optional `{system, id}` naming the record in another tool."""
        value = self.fields.get(field)
        if value is None:
            return
        if (
            not isinstance(value, dict)
            or set(value) != {"system", "id"}
            or not all(isinstance(part, str) and part.strip() for part in value.values())
        ):
            self.problem(field, "must be {system, id}, both non-empty texts")


def check_change(occurred_on: date, recorded_by: str, **fields: Any) -> Check:
    """A Check of a later event's own fields, its date and who recorded it already checked."""
    check = Check({**fields, "occurred_on": occurred_on, "recorded_by": recorded_by})
    check.day("occurred_on", past=True)
    check.text("recorded_by")
    return check


def check_correction(
    current: Mapping[str, Any],
    changes: Mapping[str, Any],
    correctable: Iterable[str],
    reason: str,
) -> dict[str, Any]:
    """The record as it would be once corrected; refuses changes to fields not correctable."""
    allowed = set(correctable)
    check = Check({"reason": reason})
    check.text("reason")
    if not changes:
        check.problem("changes", "name at least one field to correct")
    for field in changes:
        if field not in allowed:
            check.problem(field, "cannot be corrected")
    check.done()
    return {**current, **changes}
