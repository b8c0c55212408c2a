"""The sentence a person reads for each fact on the timeline.

A sentence names the record by a label (a title, or who made a commitment) kept by the
timeline for each record; `label_of` says what the label of a newly created record is and
`relabel` what a correction makes of it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

LONG = 90  # characters of a description before it is cut short
SHORT = 60  # characters of a commitment's words in its label, before its maker
COMMITMENT = re.compile(r"Commitment “(?P<text>.*)” by (?P<institution>.*)", re.DOTALL)


def _words(word: str) -> str:
    return word.replace("_", " ")


def _short(text: str, most: int = LONG) -> str:
    text = " ".join(text.split())
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


def label_of(kind: str, fields: Mapping[str, Any]) -> str:
    """How sentences name a record of `kind` with these fields: by its own words, so that
    two records of one maker or title read apart."""
    if kind == "coalition":
        return str(fields["name"])
    if kind == "commitment":
        text = _short(str(fields["text"]), SHORT)
        return f"Commitment “{text}” by {fields['made_by']['institution']}"
    if kind == "budget_line":
        return _short(str(fields["programme"]))
    if kind == "outcome":
        return _short(str(fields["description"]))
    return _short(str(fields["title"]))


# The fields that make a record's label, by kind.
LABEL_FIELDS = {
    "coalition": ("name",),
    "evidence": ("title",),
    "advocacy_input": ("title",),
    "dialogue": ("title",),
    "commitment": ("text", "made_by"),
    "budget_line": ("programme",),
    "outcome": ("description",),
}


def relabel(kind: str, changes: Mapping[str, Any], label: str) -> str | None:
    """The label after a correction with these changes (None: unchanged). A commitment's
    label keeps the words or the maker the correction left alone, read back from it."""
    if not any(field in changes for field in LABEL_FIELDS[kind]):
        return None
    if kind == "commitment":
        found = COMMITMENT.fullmatch(label)
        kept = found.groupdict() if found else {"text": "", "institution": ""}
        return label_of(
            kind,
            {
                "text": changes.get("text", kept["text"]),
                "made_by": changes.get("made_by", {"institution": kept["institution"]}),
            },
        )
    return label_of(kind, changes)


NOUNS = {
    "coalition": "Coalition",
    "evidence": "Evidence",
    "advocacy_input": "Advocacy input",
    "dialogue": "Dialogue",
    "budget_line": "Budget line",
    "outcome": "Outcome",
}
FORMATS = {"field_visit": "Field visit", "other": "Dialogue"}
INPUT_KINDS = {"other": "Advocacy input"}
SUBSTANTIATIONS = {
    "agree": "agreed",
    "partially_agree": "partially agreed",
    "disagree": "disagreed",
}


def named(kind: str, label: str) -> str:
    """The record as a sentence names it: `Evidence “Ngiluni action plans”`."""
    if kind == "commitment":
        return label
    if kind == "coalition":
        return f"Coalition {label}"
    return f"{NOUNS[kind]} “{label}”"


def _amount(event: Any, currency: str | None) -> str:
    amount: Decimal = event.amount
    return f"{currency or ''} {amount:,f}".strip()


# topic -> sentence, given the event, the record's kind, label and currency (budget lines).
Sentence = Callable[[Any, str, str, "str | None"], str]
SENTENCES: dict[str, Sentence] = {
    "coalition.registered": lambda e, k, label, c: f"Coalition {e.name} registered",
    "coalition.renamed": lambda e, k, label, c: f"Coalition {label} renamed {e.name}",
    "coalition.member_joined": lambda e, k, label, c: f"{e.name} joined {label}",
    "coalition.member_left": lambda e, k, label, c: f"{e.name} left {label}",
    "evidence.recorded": lambda e, k, label, c: f"{named(k, label)} recorded",
    "evidence.retracted": lambda e, k, label, c: f"{named(k, label)} retracted",
    "evidence.quality_assessed": lambda e, k, label, c: (
        f"{named(k, label)} assessed as {e.rating} quality"
    ),
    "advocacy_input.submitted": lambda e, k, label, c: (
        f"{INPUT_KINDS.get(e.kind, _words(e.kind).capitalize())} “{label}” submitted"
    ),
    "advocacy_input.evidence_linked": lambda e, k, label, c: (
        f"Evidence added to advocacy input “{label}”"
    ),
    "advocacy_input.evidence_unlinked": lambda e, k, label, c: (
        f"Evidence removed from advocacy input “{label}”"
    ),
    "advocacy_input.withdrawn": lambda e, k, label, c: f"{named(k, label)} withdrawn",
    "dialogue.held": lambda e, k, label, c: (
        f"{FORMATS.get(e.format, _words(e.format).capitalize())} “{label}” held"
    ),
    "dialogue.follow_up_recorded": lambda e, k, label, c: (
        f"Follow-up to dialogue “{label}” recorded"
    ),
    "commitment.made": lambda e, k, label, c: f"{label} made",
    "commitment.progress_reported": lambda e, k, label, c: f"{label} reported {_words(e.status)}",
    "commitment.reassessed": lambda e, k, label, c: f"{label} reassessed: back in progress",
    "commitment.due_date_changed": lambda e, k, label, c: (
        f"{label} now due {e.due_on.isoformat()}"
        if e.due_on
        else f"{label} no longer has a due date"
    ),
    "commitment.reviewed": lambda e, k, label, c: f"{label} reviewed: {_words(e.verdict)}",
    "budget_line.identified": lambda e, k, label, c: f"{named(k, label)} identified",
    "budget_line.amount_recorded": lambda e, k, label, c: (
        f"{_amount(e, c)} {e.stage} for budget line “{label}”"
    ),
    "outcome.harvested": lambda e, k, label, c: f"{named(k, label)} harvested",
    "outcome.stage_changed": lambda e, k, label, c: f"{named(k, label)} moved to {_words(e.stage)}",
    "outcome.substantiated": lambda e, k, label, c: (
        f"{named(k, label)} substantiated: {SUBSTANTIATIONS.get(e.verdict, _words(e.verdict))}"
    ),
}


def sentence(topic: str, event: Any, kind: str, label: str, currency: str | None) -> str:
    """The sentence for an event about a record of `kind` named `label`."""
    if topic.endswith(".corrected"):
        fields = ", ".join(_words(name) for name in sorted(event.changes))
        return f"{named(kind, label)} corrected ({fields})"
    return SENTENCES[topic](event, kind, label, currency)
