"""Timeline sentences in the page's language.

The timeline read model keeps each sentence in English (projections.titles), which is what
the JSON API answers. A page in another language writes the sentence anew from the event
itself, the record's label and a budget line's currency, with one whole message per kind of
fact, so that no sentence is glued from translated pieces. What people typed (titles,
names, a commitment's words) goes in as typed.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from babel.dates import format_date
from flask_babel import gettext as _

from projections.titles import COMMITMENT
from web.pages.display import locale, money
from web.pages.labels import field_label, word


def subject(kind: str, label: str) -> str:
    """The record as a sentence names it, in the page's language."""
    if kind == "commitment":
        found = COMMITMENT.fullmatch(label)
        if found is None:
            return label
        return _(
            "Commitment “%(text)s” by %(institution)s",
            text=found["text"],
            institution=found["institution"],
        )
    names = {
        "coalition": _("Coalition %(name)s", name=label),
        "evidence": _("Evidence “%(title)s”", title=label),
        "advocacy_input": _("Advocacy input “%(title)s”", title=label),
        "dialogue": _("Dialogue “%(title)s”", title=label),
        "budget_line": _("Budget line “%(title)s”", title=label),
        "outcome": _("Outcome “%(title)s”", title=label),
    }
    return names.get(kind, label)


Sentence = Callable[[Any, str, str, "str | None"], str]


def _amount(event: Any, currency: str | None) -> str:
    amount: Decimal = event.amount
    return money(amount, currency) if currency else str(amount)


def _due(event: Any, kind: str, label: str, currency: str | None) -> str:
    if event.due_on:
        when = format_date(event.due_on, "medium", locale=locale())
        return _("%(record)s now due %(day)s", record=subject(kind, label), day=when)
    return _("%(record)s no longer has a due date", record=subject(kind, label))


SENTENCES: dict[str, Sentence] = {
    "coalition.registered": lambda e, k, label, c: _("Coalition %(name)s registered", name=e.name),
    "coalition.renamed": lambda e, k, label, c: _(
        "Coalition %(old)s renamed %(new)s", old=label, new=e.name
    ),
    "coalition.member_joined": lambda e, k, label, c: _(
        "%(member)s joined %(coalition)s", member=e.name, coalition=label
    ),
    "coalition.member_left": lambda e, k, label, c: _(
        "%(member)s left %(coalition)s", member=e.name, coalition=label
    ),
    "evidence.recorded": lambda e, k, label, c: _("%(record)s recorded", record=subject(k, label)),
    "evidence.retracted": lambda e, k, label, c: _(
        "%(record)s retracted", record=subject(k, label)
    ),
    "evidence.quality_assessed": lambda e, k, label, c: _(
        "%(record)s assessed as %(rating)s quality", record=subject(k, label), rating=word(e.rating)
    ),
    "advocacy_input.submitted": lambda e, k, label, c: _(
        "%(kind)s “%(title)s” submitted", kind=word(e.kind).capitalize(), title=label
    ),
    "advocacy_input.evidence_linked": lambda e, k, label, c: _(
        "Evidence added to advocacy input “%(title)s”", title=label
    ),
    "advocacy_input.evidence_unlinked": lambda e, k, label, c: _(
        "Evidence removed from advocacy input “%(title)s”", title=label
    ),
    "advocacy_input.withdrawn": lambda e, k, label, c: _(
        "%(record)s withdrawn", record=subject(k, label)
    ),
    "dialogue.held": lambda e, k, label, c: _(
        "%(format)s “%(title)s” held", format=word(e.format).capitalize(), title=label
    ),
    "dialogue.follow_up_recorded": lambda e, k, label, c: _(
        "Follow-up to dialogue “%(title)s” recorded", title=label
    ),
    "commitment.made": lambda e, k, label, c: _("%(record)s made", record=subject(k, label)),
    "commitment.progress_reported": lambda e, k, label, c: _(
        "%(record)s reported %(status)s", record=subject(k, label), status=word(e.status)
    ),
    "commitment.reassessed": lambda e, k, label, c: _(
        "%(record)s reassessed: back in progress", record=subject(k, label)
    ),
    "commitment.due_date_changed": _due,
    "commitment.reviewed": lambda e, k, label, c: _(
        "%(record)s reviewed: %(verdict)s", record=subject(k, label), verdict=word(e.verdict)
    ),
    "budget_line.identified": lambda e, k, label, c: _(
        "%(record)s identified", record=subject(k, label)
    ),
    "budget_line.amount_recorded": lambda e, k, label, c: _(
        "%(amount)s %(stage)s for budget line “%(title)s”",
        amount=_amount(e, c),
        stage=word(e.stage),
        title=label,
    ),
    "outcome.harvested": lambda e, k, label, c: _("%(record)s harvested", record=subject(k, label)),
    "outcome.stage_changed": lambda e, k, label, c: _(
        "%(record)s moved to %(stage)s", record=subject(k, label), stage=word(e.stage)
    ),
    "outcome.substantiated": lambda e, k, label, c: _(
        "%(record)s substantiated: %(verdict)s", record=subject(k, label), verdict=word(e.verdict)
    ),
}


def sentence(topic: str, event: Any, kind: str, label: str, currency: str | None) -> str | None:
    """The sentence for an event about a record of `kind` named `label`, in the page's
    language; None for a kind of fact this module does not know (the page then shows the
    stored sentence)."""
    if topic.endswith(".corrected"):
        fields = ", ".join(field_label(name) for name in sorted(event.changes))
        return _("%(record)s corrected (%(fields)s)", record=subject(kind, label), fields=fields)
    found = SENTENCES.get(topic)
    return None if found is None else found(event, kind, label, currency)
