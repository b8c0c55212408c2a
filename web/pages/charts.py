"""Charts as SVG drawn on the server: no script, nothing loaded from elsewhere.

Each bar is a small inline SVG stretched to the width of the page, with its label and
figures in HTML beside it, so text stays readable on a phone and screen readers get
the figures (every chart also has a table or list with the same numbers).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from domain.vocabularies import COMMITMENT_STATUSES


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
    says = ", ".join(f"{s.value:g} {s.name.replace('_', ' ')}" for s in segments) or "none"
    rate = tally["fulfilment_rate"]
    note = f"{tally['total']} in all · {'—' if rate is None else f'{round(rate * 100)}%'} fulfilled"
    if tally["overdue"]:
        note += f" · {tally['overdue']} overdue"
    return Bar(label, segments, f"{label}: {says}", note)


def budget_bars(figures: dict[str, Any], currency: str) -> list[Bar]:
    """Allocated, released and spent of one budget, each as a share of the largest stage,
    with the release rate (of allocated) and the execution rate (of released)."""
    amounts = {stage: Decimal(figures[stage]) for stage in ("allocated", "released", "spent")}
    largest = max([*amounts.values(), Decimal(figures.get("proposed") or 0)]) or Decimal(1)
    rates = {
        "released": (figures["release_rate"], "of allocated"),
        "spent": (figures["execution_rate"], "of released"),
    }
    bars = []
    for stage, amount in amounts.items():
        note = f"{amount:,.2f} {currency}"
        rate, of = rates.get(stage, (None, ""))
        if rate is not None:
            note += f" · {round(rate * 100)}% {of}"
        width = round(float(100 * amount / largest), 3)
        bars.append(
            Bar(
                stage.capitalize(),
                [Segment(stage, float(amount), 0, width)],
                f"{stage}: {note}",
                note,
            )
        )
    return bars
