"""The messages of the API's schemas, of marshmallow and of the rules, as a form shows them:
in the words of a form, in the page's language.

The schemas and the domain say what is wrong in English, and the API answers with those
words unchanged; a page translates each message where it puts it on a form (`Form.add`).
A message is found whole (`EXACT`) or by its shape (`SHAPES`, whose named parts are put
back into the translated message, a kind of record or a vocabulary word translated too);
one not known here is shown as the rule wrote it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from domain import KINDS
from web.pages.labels import kind_name, plain, word

# marshmallow's own messages, in the words of a form rather than of a JSON body.
FRIENDLIER = {
    "Missing data for required field.": _l("Fill this in."),
    "Field may not be null.": _l("Fill this in."),
    "Not a valid integer.": _l("Write a whole number, such as 25."),
    "Not a valid UUID.": _l("Choose from the list."),
    "Unknown field.": _l("This is not a field of the form."),
    "Not a valid string.": _l("Not a valid string."),
    "Not a valid date.": _l("Not a valid date."),
    "Not a valid time.": _l("Not a valid time."),
    "Not a valid boolean.": _l("Not a valid boolean."),
    "Not a valid list.": _l("Not a valid list."),
    "Not a valid mapping type.": _l("Not a valid mapping type."),
    "Invalid input type.": _l("Invalid input type."),
}

# The schemas' and the rules' messages that name nothing of what was sent.
EXACT = {
    # an import's file and rows
    "the file is empty: it needs a header row and at least one row": _l(
        "the file is empty: it needs a header row and at least one row"
    ),
    "the file's columns are separated by semicolons; save it as comma-separated CSV": _l(
        "the file's columns are separated by semicolons; save it as comma-separated CSV"
    ),
    "the file has a header but no rows": _l("the file has a header but no rows"),
    "has more cells than the header has columns": _l("has more cells than the header has columns"),
    "names a record of another kind": _l("names a record of another kind"),
    "a record's coalition cannot change": _l("a record's coalition cannot change"),
    "a record's external reference cannot change": _l(
        "a record's external reference cannot change"
    ),
    "is needed with external_id": _l("is needed with external_id"),
    "is needed with external_system": _l("is needed with external_system"),
    # web.schemas
    "must not be empty": _l("must not be empty"),
    "must be a date written YYYY-MM-DD": _l("must be a date written YYYY-MM-DD"),
    "must be a date that exists": _l("must be a date that exists"),
    "must not be later than tomorrow (UTC)": _l("must not be later than tomorrow (UTC)"),
    'must be a string such as "1250000.50", not a number': _l(
        'must be a string such as "1250000.50", not a number'
    ),
    "must be a decimal such as 1250000.50: at most 15 digits and 4 decimals, not negative,"
    " no exponent": _l(
        "must be a decimal such as 1250000.50: at most 15 digits and 4 decimals, not"
        " negative, no exponent"
    ),
    "must be a whole number": _l("must be a whole number"),
    "must be a whole number, in the digits 0 to 9": _l(
        "must be a whole number, in the digits 0 to 9"
    ),
    "must be true or false": _l("must be true or false"),
    "must not be before collected_from": _l("must not be before collected_from"),
    "must be a year such as 2025 or 2025/26": _l("must be a year such as 2025 or 2025/26"),
    "must be 2 to 8 lower-case letters": _l("must be 2 to 8 lower-case letters"),
    "must be an SDG target such as 5.5 or 5.a": _l("must be an SDG target such as 5.5 or 5.a"),
    "the mapping must be UTF-8 text": _l("the mapping must be UTF-8 text"),
    "must be a file": _l("must be a file"),
    # domain rules
    "must be text": _l("must be text"),
    "must be a list of non-empty texts": _l("must be a list of non-empty texts"),
    "must not repeat a value": _l("must not repeat a value"),
    "must be a date": _l("must be a date"),
    "must not be later than tomorrow": _l("must not be later than tomorrow"),
    "must not be negative": _l("must not be negative"),
    "must be a list of record ids": _l("must be a list of record ids"),
    "must not name a record twice": _l("must not name a record twice"),
    "must be a list of SDG targets such as 5.5, 17.18 or 5.a": _l(
        "must be a list of SDG targets such as 5.5, 17.18 or 5.a"
    ),
    "must be a decimal amount": _l("must be a decimal amount"),
    "must have at most 15 digits and 4 decimals": _l("must have at most 15 digits and 4 decimals"),
    "cannot be corrected": _l("cannot be corrected"),
    "is not a field of this record": _l("is not a field of this record"),
    "is required": _l("is required"),
    "name at least one field to correct": _l("name at least one field to correct"),
    "groups must be named": _l("groups must be named"),
    "must be {total, by_group: {group: count}} with counts not negative": _l(
        "must be {total, by_group: {group: count}} with counts not negative"
    ),
    "must span one year to the next, such as 2025/26": _l(
        "must span one year to the next, such as 2025/26"
    ),
    "must be an ISO 4217 currency code such as KES": _l(
        "must be an ISO 4217 currency code such as KES"
    ),
    "a reassessment needs the reason in note": _l("a reassessment needs the reason in note"),
}


@dataclass(frozen=True)
class Shape:
    """A message with parts that vary: its pattern, with named groups, and its translation,
    with the same names as placeholders."""

    pattern: re.Pattern[str]
    message: Any  # a lazy string


def _shape(pattern: str, message: Any) -> Shape:
    return Shape(re.compile(rf"^{pattern}$", re.DOTALL), message)


KIND = r"(?P<kind>[a-z]+(?: [a-z]+)?)"
RECORD_ID = r"(?P<id>[0-9a-fA-F-]{36})"

SHAPES = (
    # marshmallow's validators
    _shape(
        r"Must be greater than or equal to (?P<min>\S+) and less than or equal to (?P<max>\S+)\.",
        _l("Must be greater than or equal to %(min)s and less than or equal to %(max)s."),
    ),
    _shape(
        r"Must be greater than or equal to (?P<min>\S+)\.",
        _l("Must be greater than or equal to %(min)s."),
    ),
    _shape(r"Longer than maximum length (?P<max>\S+)\.", _l("Longer than maximum length %(max)s.")),
    _shape(
        r"Shorter than minimum length (?P<min>\S+)\.", _l("Shorter than minimum length %(min)s.")
    ),
    # web.schemas and the rules
    _shape(
        r"must not contain control characters or lone surrogates \((?P<bad>.*)\)",
        _l("must not contain control characters or lone surrogates (%(bad)s)"),
    ),
    _shape(
        r"must be at most (?P<limit>[0-9,]+) characters",
        _l("must be at most %(limit)s characters"),
    ),
    _shape(r"no coalition is named (?P<name>.*)", _l("no coalition is named %(name)s")),
    _shape(r"must be one of: (?P<choices>.*)", _l("must be one of: %(choices)s")),
    _shape(r"must be a list of: (?P<choices>.*)", _l("must be a list of: %(choices)s")),
    _shape(
        r"a (?P<status>[a-z_]+) commitment has no deadline to move",
        _l("a %(status)s commitment has no deadline to move"),
    ),
    # the use cases (tracker.store, tracker.application)
    _shape(rf"no {KIND} with id (?P<id>.+)", _l("no %(kind)s with id %(id)s")),
    _shape(
        rf"{KIND} {RECORD_ID} is not one you may link to: only records of coalitions you lead,"
        r" that you may read in full",
        _l(
            "%(kind)s %(id)s is not one you may link to: only records of coalitions you lead,"
            " that you may read in full"
        ),
    ),
    _shape(rf"{KIND} {RECORD_ID} was (?P<state>[a-z_]+)", _l("%(kind)s %(id)s was %(state)s")),
    _shape(
        r"(?P<system>.+) id (?P<ref>'.*') is already used by another record",
        _l("%(system)s id %(ref)s is already used by another record"),
    ),
    _shape(r"coalition code (?P<code>'.*') is taken", _l("coalition code %(code)s is taken")),
    # an import's file (tracker.imports.reading) and its rows (tracker.imports.plan)
    _shape(
        r"the file is (?P<size>[0-9.]+) MB; an import takes at most (?P<most>[0-9]+) MB: split it"
        r" into several files",
        _l(
            "the file is %(size)s MB; an import takes at most %(most)s MB:"
            " split it into several files"
        ),
    ),
    _shape(
        r"the file is not UTF-8 text \(byte (?P<byte>[0-9]+) cannot be read\): save it as “CSV"
        r" UTF-8” and import it again",
        _l(
            "the file is not UTF-8 text (byte %(byte)s cannot be read): save it as “CSV UTF-8” and"
            " import it again"
        ),
    ),
    _shape(
        r"the file is not valid CSV \(line (?P<line>[0-9]+)\): (?P<error>.*)",
        _l("the file is not valid CSV (line %(line)s): %(error)s"),
    ),
    _shape(
        r"the header names a column twice: (?P<columns>.*)",
        _l("the header names a column twice: %(columns)s"),
    ),
    _shape(
        r"the file has no column (?P<missing>.*), which the mapping reads; its columns are:"
        r" (?P<columns>.*)",
        _l(
            "the file has no column %(missing)s, which the mapping reads;"
            " its columns are: %(columns)s"
        ),
    ),
    _shape(
        r"names the same record as row (?P<row>[0-9]+)",
        _l("names the same record as row %(row)s"),
    ),
    _shape(
        r"(?P<text>'.*') is not a value the mapping knows \((?P<known>.*)\)",
        _l("%(text)s is not a value the mapping knows (%(known)s)"),
    ),
    _shape(
        r"(?P<text>'.*') is not a date in a format the mapping names",
        _l("%(text)s is not a date in a format the mapping names"),
    ),
    _shape(r"(?P<text>'.*') is not an id", _l("%(text)s is not an id")),
    _shape(r"(?P<text>'.*') is not a whole number", _l("%(text)s is not a whole number")),
    _shape(r"(?P<text>'.*') is not an amount", _l("%(text)s is not an amount")),
    _shape(r"(?P<text>'.*') is not true or false", _l("%(text)s is not true or false")),
    _shape(
        r"is (?P<named>'.*'), but the import is into (?P<into>'.*')",
        _l("is %(named)s, but the import is into %(into)s"),
    ),
)

# Parts of a message that are themselves words to translate, by their group's name.
KIND_NAMES = {plain(kind): kind for kind in (*KINDS, "record")}
PARTS: dict[str, Callable[[str], str]] = {
    "kind": lambda text: kind_name(KIND_NAMES[text]) if text in KIND_NAMES else text,
    "status": word,
    "state": word,
}
ONE_OF = re.compile(r"^Must be one of: .*\.$", re.DOTALL)


def translated(message: str) -> str:
    """A message of a schema, of marshmallow or of a rule, as a form shows it."""
    if ONE_OF.match(message):
        return _("Choose one of the options.")
    known = FRIENDLIER.get(message) or EXACT.get(message)
    if known is not None:
        return str(known)
    for shape in SHAPES:
        found = shape.pattern.match(message)
        if found:
            parts = {name: PARTS.get(name, str)(value) for name, value in found.groupdict().items()}
            return str(shape.message) % parts
    return message
