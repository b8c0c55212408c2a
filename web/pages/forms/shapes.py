"""Each form's typed text in the shape of the API's body for the same write.

Lists are typed one item per line (asks, locations, producers, targets) or with commas
(groups, stages, SDG targets); repeated groups of fields are rows named `<list>.<i>.<field>`.
"""

from __future__ import annotations

import re
from typing import Any

from domain.outcomes import LINK_KINDS
from web.pages.forms import Reading, whole_number

Body = dict[str, Any]
BY_GROUP_LINE = re.compile(r"^(?P<group>.+?)\s*[:=]\s*(?P<count>\S+)$")

# The fields of a commitment, as a row of the dialogue form or a form of its own.
COMMITMENT_ROW = ("text", "made_by.institution", "made_by.role", "due_on", "groups", "sdg_targets")
DECISION_MAKER_ROW = ("name", "role", "institution")


def evidence(r: Reading) -> Body:
    """Citizen evidence, with the Copenhagen Framework's fields."""
    return {
        "title": r.text("title"),
        "summary": r.text("summary"),
        "method": r.choice("method"),
        "collected_from": r.day("collected_from"),
        "collected_to": r.day("collected_to"),
        "locations": r.lines("locations"),
        "sample_size": r.whole_number("sample_size"),
        "sampling": r.text("sampling"),
        "groups": r.commas("groups"),
        "disaggregation": r.chosen("disaggregation"),
        "participation_level": r.whole_number("participation_level"),
        "value_chain_stages": r.commas("value_chain_stages"),
        "producers": r.lines("producers"),
        "consent": {"obtained": r.ticked("consent.obtained"), "kind": r.choice("consent.kind")},
        "sensitivity": r.choice("sensitivity"),
        "sdg_targets": r.words("sdg_targets"),
        "link": r.optional_text("link"),
        "occurred_on": r.day("occurred_on"),
    }


def advocacy_input(r: Reading) -> Body:
    """A position paper, petition, submission... and the evidence it rests on."""
    return {
        "kind": r.choice("kind"),
        "title": r.text("title"),
        "asks": r.lines("asks"),
        "evidence": r.chosen("evidence"),
        "targets": r.lines("targets"),
        "occurred_on": r.day("occurred_on"),
    }


def commitment_fields(r: Reading, prefix: str = "") -> Body:
    """What a commitment says, from a form of its own or a row (`commitments.1.`)."""
    return {
        "text": r.text(prefix + "text"),
        "made_by": {
            "institution": r.text(prefix + "made_by.institution"),
            "role": r.text(prefix + "made_by.role"),
        },
        "due_on": r.day(prefix + "due_on"),
        "groups": r.commas(prefix + "groups"),
        "sdg_targets": r.words(prefix + "sdg_targets"),
    }


def commitment(r: Reading) -> Body:
    """A commitment made outside any logged dialogue."""
    return {**commitment_fields(r), "occurred_on": r.day("occurred_on")}


def dialogue(r: Reading, commitments: int, decision_makers: int) -> Body:
    """A dialogue and the commitments made in it (rows already numbered without gaps)."""
    return {
        "title": r.text("title"),
        "occurred_on": r.day("occurred_on"),
        "level": r.choice("level"),
        "format": r.choice("format"),
        "decision_makers": [
            {name: r.text(f"decision_makers.{i}.{name}") for name in DECISION_MAKER_ROW}
            for i in range(decision_makers)
        ],
        "participants": {
            "total": r.whole_number("participants.total"),
            "by_group": by_group(r, "participants.by_group"),
        },
        "advocacy_inputs": r.chosen("advocacy_inputs"),
        "summary": r.text("summary"),
        "commitments": [commitment_fields(r, f"commitments.{i}.") for i in range(commitments)],
    }


def by_group(r: Reading, name: str) -> dict[str, Any]:
    """Counts typed one group a line, `women farmers: 17`."""
    counts: dict[str, Any] = {}
    for line in r.lines(name):
        found = BY_GROUP_LINE.match(line)
        if not found:
            r.problem(name, f"Write each group as `group: count`, not “{line}”.")
            continue
        count = found["count"]
        counts[found["group"]] = whole_number(count)
    return counts


def budget_line(r: Reading) -> Body:
    """A line of a public budget, and the commitments it funds."""
    return {
        "commitments": r.chosen("commitments"),
        "government": r.text("government"),
        "level": r.choice("level"),
        "fiscal_year": r.text("fiscal_year"),
        "programme": r.text("programme"),
        "currency": r.text("currency").upper(),
        "groups": r.commas("groups"),
        "occurred_on": r.day("occurred_on"),
    }


def outcome(r: Reading) -> Body:
    """A change in policy or practice, and the records it followed from."""
    return {
        "description": r.text("description"),
        "social_actor": r.text("social_actor"),
        "change_type": r.choice("change_type"),
        "stage": r.choice("stage"),
        "significance": r.text("significance"),
        "contribution": r.text("contribution"),
        "occurred_on": r.day("occurred_on"),
        "links": {kind: r.chosen(f"links.{kind}") for kind in LINK_KINDS},
    }


def progress(r: Reading) -> Body:
    """What the decision maker has done about a commitment."""
    return {
        "status": r.choice("status"),
        "completion": r.choice("completion"),
        "note": r.text("note"),
        "evidence": r.chosen("evidence"),
        "occurred_on": r.day("occurred_on"),
    }


def verdict(r: Reading) -> Body:
    """A review of a commitment or a substantiation of an outcome."""
    return {"verdict": r.choice("verdict"), "note": r.text("note")}


def due_date_change(r: Reading) -> Body:
    """The deadline moved (left empty: no deadline any more)."""
    return {
        "due_on": r.day("due_on"),
        "reason": r.text("reason"),
        "occurred_on": r.day("occurred_on"),
    }


def amount(r: Reading) -> Body:
    """A figure for one stage of a budget line."""
    return {
        "stage": r.choice("stage"),
        "amount": r.amount("amount"),
        "occurred_on": r.day("occurred_on"),
        "source": r.text("source"),
    }


def stage_change(r: Reading) -> Body:
    """An outcome moved on or back."""
    return {"stage": r.choice("stage"), "note": r.text("note"), "occurred_on": r.day("occurred_on")}


def note_on(r: Reading) -> Body:
    """A follow-up of a dialogue."""
    return {"note": r.text("note"), "occurred_on": r.day("occurred_on")}


def reason_on(r: Reading) -> Body:
    """Why evidence is retracted or an input withdrawn."""
    return {"reason": r.text("reason"), "occurred_on": r.day("occurred_on")}


def quality(r: Reading) -> Body:
    """How far evidence can be relied on."""
    return {"rating": r.choice("rating"), "note": r.text("note")}
