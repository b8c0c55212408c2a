"""A record's fields, and an event's, as lines a person reads: labels, values, links.

Record pages, their history and the audit view all show fields this way; ids become
links to the records they name (titled, unless the reader may not see that content).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from flask import g
from flask_babel import gettext as _
from markupsafe import Markup, escape

from domain.evidence import Evidence
from projections.kinds import SHOWN_APART
from tracker.accounts import User
from tracker.errors import RecordNotFound
from web.pages.display import day, money, record_url, title_of, user_name
from web.pages.labels import (
    field_label,
    hidden_evidence,
    kind_name,
    participation_level,
    word,
)
from web.redaction import may_see
from web.services import use_cases

# Fields that hold ids, by the kind of record they name.
ID_FIELDS = {
    "coalition": "coalition",
    "evidence": "evidence",
    "evidence_id": "evidence",
    "advocacy_inputs": "advocacy_input",
    "dialogue": "dialogue",
    "dialogues": "dialogue",
    "commitments": "commitment",
    "budget_lines": "budget_line",
}
# Provenance shown beside a history entry rather than among its details.
PROVENANCE = SHOWN_APART


@dataclass(frozen=True)
class Fact:
    """One labelled value."""

    label: str
    value: Markup


def label(name: str) -> str:
    """A field's label, in the page's language: `sample_size` -> `Sample size`."""
    return field_label(name)


def link_to(kind: str, record_id: Any, user: User) -> Markup:
    """A link to a record, titled by what it is called (or by its kind when hidden)."""
    cache: dict[tuple[str, str], str] = g.setdefault("record_titles", {})
    key = (kind, str(record_id))
    if key not in cache:
        try:
            found = use_cases().get(kind, UUID(str(record_id)))
        except (RecordNotFound, ValueError):
            cache[key] = _("unknown %(kind)s %(id)s", kind=kind_name(kind), id=record_id)
        else:
            if isinstance(found, Evidence) and not may_see(user, found):
                cache[key] = hidden_evidence(found.sensitivity)
            elif kind == "coalition":
                cache[key] = f"{found.name} ({found.code})"  # type: ignore[attr-defined]
            else:
                cache[key] = title_of(found)
    text = cache[key]
    short = text if len(text) <= 90 else text[:89].rstrip() + "…"
    return Markup('<a href="{}">{}</a>').format(record_url(kind, record_id), short)


def shown(name: str, value: Any, user: User) -> Markup:
    """A field's value as HTML."""
    if value is None or value == "" or value == []:
        return Markup('<span class="unknown">—</span>')
    if name in ID_FIELDS and isinstance(value, list):
        return Markup("<br>").join(link_to(ID_FIELDS[name], v, user) for v in value)
    if name in ID_FIELDS:
        return link_to(ID_FIELDS[name], value, user)
    if name == "links" and isinstance(value, Mapping):
        return Markup("").join(
            Markup("<p>{}: {}</p>").format(label(kind), shown(kind, ids, user))
            for kind, ids in value.items()
            if ids
        ) or Markup("—")
    if name == "source" and isinstance(value, Mapping):  # an imported row's other columns
        return Markup("<br>").join(
            Markup("{}: {}").format(column, text) for column, text in value.items()
        )
    if name == "participation_level":
        return Markup(escape(participation_level(value)))
    if name in ("recorded_by", "by"):
        return Markup(escape(user_name(value)))
    if name == "consent" and isinstance(value, Mapping):
        kind = word(value.get("kind"))
        if value.get("obtained"):
            return Markup(escape(_("obtained (%(kind)s)", kind=kind)))
        return Markup(escape(_("not obtained (%(kind)s)", kind=kind)))
    if name == "amount" and isinstance(value, Decimal):
        return Markup(escape(money(value)))
    if isinstance(value, bool):
        return Markup(escape(_("yes") if value else _("no")))
    if isinstance(value, datetime):
        return day(value)
    if isinstance(value, date):
        return day(value)
    if isinstance(value, Mapping):
        return Markup("<br>").join(
            Markup("{}: {}").format(label(str(k)), shown(str(k), v, user)) for k, v in value.items()
        )
    if isinstance(value, list) and value and isinstance(value[0], Mapping):
        return Markup("<br>").join(
            Markup(", ").join(escape(str(v)) for v in row.values() if v) for row in value
        )
    if isinstance(value, list):
        return Markup(", ").join(
            escape(word(v) if name == "disaggregation" else str(v)) for v in value
        )
    if isinstance(value, str) and name in VOCABULARY_FIELDS:
        return Markup(escape(word(value)))
    return Markup(escape(str(value)))


VOCABULARY_FIELDS = frozenset(
    {
        "method",
        "sensitivity",
        "kind",
        "level",
        "format",
        "status",
        "completion",
        "verdict",
        "stage",
        "change_type",
        "rating",
    }
)


def facts(
    fields: Mapping[str, Any], user: User, skip: frozenset[str] = frozenset()
) -> Iterator[Fact]:
    """Every field but those skipped, labelled, in the order given (an imported record's
    `source` only where it has one)."""
    for name, value in fields.items():
        if name not in skip and not (name == "source" and not value):
            yield Fact(label(name), shown(name, value, user))
