"""Each form's typed text in the shape of the API's body for the same write.

A `Shape` names each field once, with how its text is read (`Reading`); a dotted name
(`consent.kind`) is a field of a nested object, as in the API's body. Lists are typed one
item per line (asks, locations, producers, targets) or with commas (groups, stages, SDG
targets); repeated groups of fields are rows named `<list>.<i>.<field>`. A `WriteForm` joins
a shape to the API's schema and the use case of the write it makes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import Schema

from domain.outcomes import LINK_KINDS
from tracker.accounts import User
from tracker.application import Saved
from web.pages.forms import Reading, whole_number
from web.pages.read_models import Choice, records_of

Body = dict[str, Any]
BY_GROUP_LINE = re.compile(r"^(?P<group>.+?)\s*[:=]\s*(?P<count>\S+)$")

# How one field's typed text is read: `Reading.text`, `Reading.day`, ...
Read = Callable[[Reading, str], Any]


@dataclass(frozen=True)
class Shape:
    """A form's fields, in the order they are read, and how each is read."""

    fields: Mapping[str, Read]

    def __call__(self, r: Reading, prefix: str = "") -> Body:
        """The body of the form (or of one row of it, whose fields start with `prefix`)."""
        body: Body = {}
        for name, read in self.fields.items():
            *outer, last = name.split(".")
            into = body
            for part in outer:
                into = into.setdefault(part, {})
            into[last] = read(r, prefix + name)
        return body


@dataclass(frozen=True)
class WriteForm:
    """A form that makes one write to a record of `kind` (`action`: `create`, `progress`,
    ...; who may send it is tracker.permissions' `WRITES`): its heading, the API's input
    schema its body loads through, its shape, the use case it calls (a `Tracker` method),
    the lists of records a person picks links from (form field -> kind listed), its button,
    and what the page says once it is saved. Heading, button and message are lazy strings
    (read in the page's language when shown).
    """

    kind: str
    action: str
    heading: str
    schema: type[Schema]
    shape: Callable[[Reading], Body]
    use_case: Callable[..., Saved]
    pickers: dict[str, str] = field(default_factory=dict)
    submit_label: str = _l("Save")
    saved: str = _l("Saved.")

    def choices(self, coalition: UUID, user: User) -> dict[str, list[Choice]]:
        """The coalition's records the form offers to link to, by form field."""
        return {name: records_of(coalition, kind, user) for name, kind in self.pickers.items()}


def rows(shape: Shape, count: int) -> Read:
    """A repeated group of fields: rows `<name>.0.`, `<name>.1.`... (numbered without gaps)."""
    return lambda r, name: [shape(r, f"{name}.{i}.") for i in range(count)]


def by_group(r: Reading, name: str) -> dict[str, Any]:
    """Counts typed one group a line, `women farmers: 17`."""
    counts: dict[str, Any] = {}
    for line in r.lines(name):
        found = BY_GROUP_LINE.match(line)
        if not found:
            r.problem(name, _("Write each group as `group: count`, not “%(line)s”.", line=line))
            continue
        count = found["count"]
        counts[found["group"]] = whole_number(count)
    return counts


def upper_text(r: Reading, name: str) -> str:
    """Text in capitals (a currency code)."""
    return r.text(name).upper()


# Citizen evidence, with the Copenhagen Framework's fields.
evidence = Shape(
    {
        "title": Reading.text,
        "summary": Reading.text,
        "method": Reading.choice,
        "collected_from": Reading.day,
        "collected_to": Reading.day,
        "locations": Reading.lines,
        "sample_size": Reading.whole_number,
        "sampling": Reading.text,
        "groups": Reading.commas,
        "disaggregation": Reading.chosen,
        "participation_level": Reading.whole_number,
        "value_chain_stages": Reading.commas,
        "producers": Reading.lines,
        "consent.obtained": Reading.ticked,
        "consent.kind": Reading.choice,
        "sensitivity": Reading.choice,
        "sdg_targets": Reading.words,
        "link": Reading.optional_text,
        "occurred_on": Reading.day,
    }
)

# A position paper, petition, submission... and the evidence it rests on.
advocacy_input = Shape(
    {
        "kind": Reading.choice,
        "title": Reading.text,
        "asks": Reading.lines,
        "evidence": Reading.chosen,
        "targets": Reading.lines,
        "occurred_on": Reading.day,
    }
)

# What a commitment says, from a form of its own or a row of a dialogue (`commitments.1.`).
commitment_fields = Shape(
    {
        "text": Reading.text,
        "made_by.institution": Reading.text,
        "made_by.role": Reading.text,
        "due_on": Reading.day,
        "groups": Reading.commas,
        "sdg_targets": Reading.words,
    }
)

# A commitment made outside any logged dialogue.
commitment = Shape({**commitment_fields.fields, "occurred_on": Reading.day})

# Who a dialogue was with: decision makers are named by their office.
decision_maker = Shape({"name": Reading.text, "role": Reading.text, "institution": Reading.text})

# The fields of a commitment and a decision maker, as rows of the dialogue form.
COMMITMENT_ROW = tuple(commitment_fields.fields)
DECISION_MAKER_ROW = tuple(decision_maker.fields)


def dialogue(r: Reading, commitments: int, decision_makers: int) -> Body:
    """A dialogue and the commitments made in it (rows already numbered without gaps)."""
    return Shape(
        {
            "title": Reading.text,
            "occurred_on": Reading.day,
            "level": Reading.choice,
            "format": Reading.choice,
            "decision_makers": rows(decision_maker, decision_makers),
            "participants.total": Reading.whole_number,
            "participants.by_group": by_group,
            "advocacy_inputs": Reading.chosen,
            "summary": Reading.text,
            "commitments": rows(commitment_fields, commitments),
        }
    )(r)


# A line of a public budget, and the commitments it funds.
budget_line = Shape(
    {
        "commitments": Reading.chosen,
        "government": Reading.text,
        "level": Reading.choice,
        "fiscal_year": Reading.text,
        "programme": Reading.text,
        "currency": upper_text,
        "groups": Reading.commas,
        "occurred_on": Reading.day,
    }
)

# A change in policy or practice, and the records it followed from.
outcome = Shape(
    {
        "description": Reading.text,
        "social_actor": Reading.text,
        "change_type": Reading.choice,
        "stage": Reading.choice,
        "significance": Reading.text,
        "contribution": Reading.text,
        "occurred_on": Reading.day,
        **{f"links.{kind}": Reading.chosen for kind in LINK_KINDS},
    }
)

# What the decision maker has done about a commitment.
progress = Shape(
    {
        "status": Reading.choice,
        "completion": Reading.choice,
        "note": Reading.text,
        "evidence": Reading.chosen,
        "occurred_on": Reading.day,
    }
)

# A review of a commitment or a substantiation of an outcome.
verdict = Shape({"verdict": Reading.choice, "note": Reading.text})

# The deadline moved (left empty: no deadline any more).
due_date_change = Shape({"due_on": Reading.day, "reason": Reading.text, "occurred_on": Reading.day})

# A figure for one stage of a budget line.
amount = Shape(
    {
        "stage": Reading.choice,
        "amount": Reading.amount,
        "occurred_on": Reading.day,
        "source": Reading.text,
    }
)

# An outcome moved on or back.
stage_change = Shape({"stage": Reading.choice, "note": Reading.text, "occurred_on": Reading.day})

# A follow-up of a dialogue.
note_on = Shape({"note": Reading.text, "occurred_on": Reading.day})

# Why evidence is retracted or an input withdrawn.
reason_on = Shape({"reason": Reading.text, "occurred_on": Reading.day})

# How far evidence can be relied on.
quality = Shape({"rating": Reading.choice, "note": Reading.text})
