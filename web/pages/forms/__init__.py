"""Forms: what a person typed, kept as typed, and each problem placed next to its field.

A form posts flat names that are the API's field paths (`commitments.1.due_on`,
`consent.kind`), so the messages of the API's own schemas and of the use cases land
next to the field they are about, in the page's language (web.pages.forms.messages).
`Reading` turns the typed text into the API's body shapes (lists from lines, numbers,
checkboxes); the API's marshmallow schema then loads the body, and the use case decides.
`submit` is the one place where a page turns those refusals into messages on the form (the
API turns the same ones into problem+json).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from flask_babel import gettext as _
from marshmallow import Schema, ValidationError
from werkzeug.datastructures import MultiDict

from domain.errors import IllegalTransition, InvalidRecord, RecordClosed
from domain.texts import MAX_ITEMS
from tracker.application import Saved
from tracker.errors import ConcurrentUpdate, DuplicateRecord, StaleVersion
from web.pages.forms.messages import translated
from web.pages.labels import kind_name, word
from web.problems import field_paths
from web.schemas.fields import MOST_DIGITS

# Where a message about the whole form goes (it has no field of its own).
WHOLE_FORM = ""
MAX_ROWS = MAX_ITEMS  # rows of a repeated group (commitments of a dialogue) a form may send
# Digits beyond this are no count or version of ours; they go to the schema, which refuses them
# (Python's int() itself refuses more than 4,300 digits with an error).


def friendlier(message: str) -> str:
    """A message a person filling a form understands, in the page's language."""
    return translated(message)


class Form:
    """The values of one form as typed, its problems by field path, and which are shown.

    Templates call `take(name, label)` beside each field; what no field took is listed in
    the summary at the top, which links every message to its field.
    """

    def __init__(
        self,
        values: Mapping[str, Any] | MultiDict[str, str] | None = None,
        errors: Mapping[str, list[str]] | None = None,
    ) -> None:
        self.values: MultiDict[str, str] = MultiDict(values or {})
        self.errors: dict[str, list[str]] = {}
        self.add(errors or {})
        self._placed: dict[str, tuple[str, str]] = {}  # path -> (label, anchor)

    def add(self, errors: Mapping[str, Iterable[str]]) -> None:
        """Note more problems (paths as the API names them)."""
        for path, messages in errors.items():
            path = "" if path in ("body", "_schema", "changes") else path
            self.errors.setdefault(path, []).extend(friendlier(str(m)) for m in messages)

    def value(self, name: str, default: str = "") -> str:
        """What was typed into a field."""
        return self.values.get(name, default)

    def all(self, name: str) -> list[str]:
        """Every value of a field (ticked checkboxes, chosen options)."""
        return self.values.getlist(name)

    def ticked(self, name: str, option: Any = "on") -> bool:
        """Whether this option of a checkbox or radio field was chosen."""
        return str(option) in self.values.getlist(name)

    @staticmethod
    def anchor(name: str) -> str:
        """The id of a field's element, so the summary can link to it."""
        return "f-" + re.sub(r"[^A-Za-z0-9_-]", "-", name)

    def take(self, name: str, label: str) -> list[str]:
        """The messages about this field and whatever lies below it, not shown elsewhere yet."""
        taken: list[str] = []
        for path, messages in self.errors.items():
            if path in self._placed or path == WHOLE_FORM:
                continue
            if path == name or path.startswith(name + "."):
                taken.extend(messages)
                self._placed[path] = (label, self.anchor(name))
        return taken

    @property
    def summary(self) -> list[tuple[str, str, str | None]]:
        """Every problem as (label, message, anchor of its field or None), form-wide first."""
        found: list[tuple[str, str, str | None]] = []
        for path, messages in sorted(self.errors.items(), key=lambda item: item[0] != ""):
            label, anchor = self._placed.get(path, (path.replace("_", " "), None))
            found.extend((label, message, anchor) for message in messages)
        return found

    def rows(self, prefix: str, minimum: int = 1) -> range:
        """The indices of a repeated group of fields (`commitments.<i>.…`) to show."""
        pattern = re.compile(rf"^{re.escape(prefix)}\.([0-9]{{1,3}})\.")
        indices = [int(m.group(1)) for key in self.values if (m := pattern.match(key))]
        indices = [i for i in indices if i < MAX_ROWS]
        return range(max(minimum, max(indices, default=-1) + 1))

    def compact(self, prefix: str) -> int:
        """Drop the rows of a group left blank and number the rest 0, 1, 2...; their count.

        Then the API's paths (`commitments.1.due_on`) name the rows as they are shown.
        """
        pattern = re.compile(rf"^{re.escape(prefix)}\.([0-9]{{1,3}})\.(.+)$")
        rows: dict[int, list[tuple[str, str]]] = {}
        kept: MultiDict[str, str] = MultiDict()
        for key, value in self.values.items(multi=True):
            if m := pattern.match(key):
                rows.setdefault(int(m.group(1)), []).append((m.group(2), value))
            else:
                kept.add(key, value)
        filled = [rows[i] for i in sorted(rows) if any(v.strip() for _, v in rows[i])]
        for index, row in enumerate(filled):
            for field, value in row:
                kept.add(f"{prefix}.{index}.{field}", value)
        self.values = kept
        return len(filled)


class Reading:
    """The typed text of a form read into the shapes of the API's bodies."""

    def __init__(self, values: MultiDict[str, str]) -> None:
        self.values = values
        self.errors: dict[str, list[str]] = {}

    def text(self, name: str) -> str:
        """A line or paragraph of text, without surrounding spaces."""
        return self.values.get(name, "").strip()

    def optional_text(self, name: str) -> str | None:
        """Text, or None when nothing was typed."""
        return self.text(name) or None

    def lines(self, name: str) -> list[str]:
        """A list typed one item per line."""
        return [line.strip() for line in self.values.get(name, "").splitlines() if line.strip()]

    def commas(self, name: str) -> list[str]:
        """A list typed with commas (or one per line) between the items."""
        return [
            item.strip() for item in re.split(r"[,\n]", self.values.get(name, "")) if item.strip()
        ]

    def words(self, name: str) -> list[str]:
        """Short codes typed with commas or spaces between them (SDG targets: `5.5, 13.1`)."""
        return [item for item in re.split(r"[,;\s]+", self.values.get(name, "")) if item]

    def amount(self, name: str) -> str | None:
        """An amount as typed, with thousands separators (`2,000,000.00`) taken out."""
        return re.sub(r"[,\s_']", "", self.values.get(name, "")) or None

    def whole_number(self, name: str) -> int | str | None:
        """A whole number; what is not one is passed on for the schema to refuse."""
        typed = self.text(name)
        if not typed:
            return None
        return whole_number(typed)

    def day(self, name: str) -> str | None:
        """A date as typed (`YYYY-MM-DD` from a date field); None when left empty."""
        return self.text(name) or None

    def ticked(self, name: str) -> bool:
        """Whether a single checkbox was ticked."""
        return name in self.values

    def chosen(self, name: str) -> list[str]:
        """Every option ticked in a group of checkboxes (ids, vocabulary words)."""
        return [v for v in self.values.getlist(name) if v]

    def choice(self, name: str) -> str | None:
        """The option chosen in a select or radio group, None when none was."""
        return self.text(name) or None

    def problem(self, name: str, message: str) -> None:
        """Note something that cannot even be read (a count typed without a number)."""
        self.errors.setdefault(name, []).append(message)


def submit(
    form: Form,
    schema: Schema,
    shape: Callable[[Reading], dict[str, Any]],
    save: Callable[[dict[str, Any]], Saved],
) -> Saved | None:
    """Read the form, load it with the API's schema and save it; None if anything was wrong.

    Every refusal becomes a message on the form, so the page comes back with all that
    was typed and each problem next to its field.
    """
    reading = Reading(form.values)
    body = shape(reading)
    form.add(reading.errors)
    try:
        data = schema.load(body)
    except ValidationError as invalid:
        form.add(field_paths(invalid.messages))
        return None
    if form.errors:
        return None
    try:
        return save(data)
    except InvalidRecord as invalid:
        form.add(invalid.errors)
    except DuplicateRecord as duplicate:
        form.add({duplicate.field: [str(duplicate)]})
    except IllegalTransition as illegal:
        form.add({"status": [_illegal(illegal)]})
    except RecordClosed as closed:
        form.add(
            {
                WHOLE_FORM: [
                    _(
                        "This %(kind)s was %(state)s and takes no further changes.",
                        kind=kind_name(closed.kind),
                        state=word(closed.state),
                    )
                ]
            }
        )
    except (StaleVersion, ConcurrentUpdate):
        form.add(
            {
                WHOLE_FORM: [
                    _(
                        "Someone else changed this record while you were typing. Check the"
                        " record as it is now, then send the form again."
                    )
                ]
            }
        )
    return None


def _illegal(illegal: IllegalTransition) -> str:
    """Why a commitment cannot take the status asked, in the page's language."""
    statuses = {"current": word(illegal.current), "requested": word(illegal.requested)}
    if str(illegal).endswith(": only a reassessment reopens it"):
        return _(
            "A commitment that is %(current)s cannot become %(requested)s: only a"
            " reassessment reopens it.",
            **statuses,
        )
    return _("A commitment that is %(current)s cannot become %(requested)s.", **statuses)


def whole_number(typed: str) -> int | str:
    """A whole number typed in ASCII digits, as an int; anything else as typed, for the
    schema to refuse with a message (never an error of our own)."""
    if typed.isascii() and typed.isdigit() and len(typed) <= MOST_DIGITS:
        return int(typed)
    return typed


def version_named(typed: str) -> int | None:
    """The version a form was filled against, if it names one."""
    number = whole_number(typed)
    return number if isinstance(number, int) else None
