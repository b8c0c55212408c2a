"""Charts as SVG drawn on the server: no script, nothing loaded from elsewhere.

Each bar is a small inline SVG stretched to the width of the page, with its label and
figures in HTML beside it, so text stays readable on a phone and screen readers get
the figures (every chart also has a table or list with the same numbers).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from babel.lists import format_list
from flask_babel import gettext as _

from domain.vocabularies import COMMITMENT_STATUSES
from web.pages.display import locale, money, number, percent
from web.pages.labels import word


@dataclass(frozen=True)
class Segment:
    """A part of a bar: what it counts, how many, and where it lies (in % of the width)."""

    name: str
    value: float
    x: float
    width: float


@dataclass(frozen=True)
class Bar:
    """One bar with its label and a sentence saying what it shows."""

    label: str
    segments: list[Segment]
    says: str
    note: str = ""


def status_bar(label: str, tally: dict[str, Any]) -> Bar:
    """The commitments of one coalition, level or year, split by status."""
    total = tally["total"] or 1
    segments, x = [], 0.0
    for status in COMMITMENT_STATUSES:
        n = tally["counts"].get(status, 0)
        if n:
            width = 100 * n / total
            segments.append(Segment(status, n, round(x, 3), round(width, 3)))
            x += width
    counts = [
        _("%(count)s %(status)s", count=number(int(s.value)), status=word(s.name)) for s in segments
    ]
    says = format_list(counts, locale=locale()) if counts else _("none")
    figures = {
        "total": number(tally["total"]),
        "rate": percent(tally["fulfilment_rate"]),
        "overdue": number(tally["overdue"]),
    }
    if tally["overdue"]:
        note = _("%(total)s in all · %(rate)s fulfilled · %(overdue)s overdue", **figures)
    else:
        note = _("%(total)s in all · %(rate)s fulfilled", **figures)
    return Bar(label, segments, _("%(label)s: %(counts)s", label=label, counts=says), note)


def budget_bars(figures: dict[str, Any], currency: str) -> list[Bar]:
    """Allocated, released and spent of one budget, each as a share of the largest stage,
    with the release rate (of allocated) and the execution rate (of released)."""
    amounts = {stage: Decimal(figures[stage]) for stage in ("allocated", "released", "spent")}
    largest = max([*amounts.values(), Decimal(figures.get("proposed") or 0)]) or Decimal(1)
    bars = []
    for stage, amount in amounts.items():
        note = money(amount, currency)
        if stage == "released" and figures["release_rate"] is not None:
            rate = percent(figures["release_rate"])
            note = _("%(amount)s · %(rate)s of allocated", amount=note, rate=rate)
        elif stage == "spent" and figures["execution_rate"] is not None:
            rate = percent(figures["execution_rate"])
            note = _("%(amount)s · %(rate)s of released", amount=note, rate=rate)
        width = round(float(100 * amount / largest), 3)
        bars.append(
            Bar(
                word(stage).capitalize(),
                [Segment(stage, float(amount), 0, width)],
                _("%(stage)s: %(figures)s", stage=word(stage), figures=note),
                note,
            )
        )
    return bars
