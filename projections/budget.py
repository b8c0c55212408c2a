"""Budget lines: the figure of each stage, the commitments they fund, and totals by currency.

For each line and stage the figure is the amount with the latest `occurred_on`; a later
recording for the same date replaces it. Stages are never added to each other.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from domain.budget_lines import BudgetLine
from domain.vocabularies import BUDGET_STAGES
from projections.batch import Change, Counter, Key, Op, Row
from projections.kinds import amount_parts, amount_text, id_text
from projections.projection import Projection, View
from projections.schema import budget_line_commitments, budget_lines, budget_totals


def _fiscal_year_start(fiscal_year: str) -> int:
    return int(fiscal_year[:4])


def _totals_key(row: Any) -> tuple[Any, ...]:
    return (row["coalition"], row["level"], row["fiscal_year_start"], row["currency"])


def _figures(row: Any) -> dict[str, int]:
    measures: dict[str, int] = {}
    for stage in BUDGET_STAGES:
        units, frac = amount_parts(row[f"{stage}_amount"])
        measures[f"{stage}_units"], measures[f"{stage}_frac"] = units, frac
    return measures


projection = Projection(
    "budget",
    tables=(budget_lines, budget_line_commitments, budget_totals),
    counters=(Counter(budget_lines, budget_totals, key=_totals_key, measures=_figures),),
    cost=5,
)


@projection.reads
def _needs(event: Any) -> Iterator[tuple[Any, Key]]:
    if isinstance(event, BudgetLine.AmountRecorded | BudgetLine.Corrected):
        yield budget_lines, id_text(event.originator_id)


@projection.on(BudgetLine.Identified)
def _identified(event: BudgetLine.Identified, view: View) -> Iterator[Op]:
    line = id_text(event.originator_id)
    yield Row(
        budget_lines,
        {
            "id": line,
            "position": view.position,
            "coalition": id_text(event.coalition),
            "government": event.government,
            "level": event.level,
            "fiscal_year": event.fiscal_year,
            "fiscal_year_start": _fiscal_year_start(event.fiscal_year),
            "programme": event.programme,
            "currency": event.currency,
            "groups": list(event.groups),
            "own_date": event.occurred_on,
            "dated_on": event.occurred_on,
            "recorded_at": event.timestamp,
            "recorded_by": event.recorded_by,
        },
    )
    for commitment in dict.fromkeys(event.commitments):
        yield Row(budget_line_commitments, {"line": line, "commitment": id_text(commitment)})


@projection.on(BudgetLine.AmountRecorded)
def _amount(event: BudgetLine.AmountRecorded, view: View) -> Iterator[Op]:
    key = id_text(event.originator_id)
    line = view.get(budget_lines, key)
    if line is None:
        return
    stage, change = event.stage, {}
    latest = line[f"{stage}_on"]
    if latest is None or event.occurred_on >= latest:
        change = {
            f"{stage}_amount": amount_text(event.amount),
            f"{stage}_on": event.occurred_on,
            f"{stage}_source": event.source,
        }
    if line["own_date"] is None and (
        line["dated_on"] is None or event.occurred_on < line["dated_on"]
    ):
        change["dated_on"] = event.occurred_on
    if change:
        yield Change(budget_lines, key, change)


@projection.on(BudgetLine.Corrected)
def _corrected(event: BudgetLine.Corrected, view: View) -> Iterator[Op]:
    fields = ("government", "level", "fiscal_year", "programme", "currency", "groups")
    change = {k: event.changes[k] for k in fields if k in event.changes}
    if "fiscal_year" in change:
        change["fiscal_year_start"] = _fiscal_year_start(change["fiscal_year"])
    if change:
        yield Change(budget_lines, id_text(event.originator_id), change)
