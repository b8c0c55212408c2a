"""The executive committee's dashboard: fulfilment of commitments and credibility of budgets."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.exc import OperationalError

from domain.vocabularies import BUDGET_STAGES, COMMITMENT_STATUSES
from projections.kinds import amount_from_parts
from projections.queries.common import coalition_key, codes, rate, today_utc
from projections.queries.counting import UNSPECIFIED, by_status, overdue
from projections.queries.reviews import REVIEW_STATES, review_counts
from projections.schema import budget_totals

CENTS = Decimal("0.01")


def fulfilment(
    engine: Engine,
    coalition: str | UUID | None = None,
    year: int | None = None,
    level: str | None = None,
    today: date | None = None,
    reviews: bool = True,
) -> dict[str, Any]:
    """Counts of commitments by status, overdue ones, the fulfilment rate, the same by
    coalition and by level, and budget figures by currency with release and execution rates.

    `year` is the year a commitment was made (for budget lines: the year their fiscal year
    starts); `level` is its dialogue's level; overdue is counted on `today` (UTC today).
    `fulfilment_rate` = fulfilled ÷ (total − withdrawn), or None when that is 0;
    `confirmed_rate` the same with only the fulfilled commitments whose latest review
    confirmed that status (and is not out of date: projections.queries.reviews); `reviews`
    counts commitments by latest verdict, or `unreviewed`, and adds up to `total`. Without
    `reviews` both are left out (they are counted from the commitments themselves, not from
    count tables: a caller that does not show them saves the time).
    """
    today = today or today_utc()
    filters = {k: v for k, v in (("coalition", coalition), ("year", year), ("level", level)) if v}
    with engine.connect() as connection:
        counts = by_status(connection, filters)
        late = overdue(connection, filters, today)
        verdicts, confirmed = review_counts(connection, filters) if reviews else ({}, {})
        budget = _budget(connection, filters)
        code = codes(
            connection,
            {c for c, _, _ in counts} | {c for c, _ in late} | {c for c, _, _ in verdicts},
        )
    everything = _Tally()
    coalitions: dict[str, _Tally] = defaultdict(_Tally)
    levels: dict[str, _Tally] = defaultdict(_Tally)

    def tallies(coalition_id: str, level_: str) -> tuple[_Tally, ...]:
        return everything, coalitions[code[coalition_id]], levels[level_ or UNSPECIFIED]

    for (coalition_id, level_, status), n in counts.items():
        for tally in tallies(coalition_id, level_):
            tally.counts[status] += n
    for (coalition_id, level_), n in late.items():
        for tally in tallies(coalition_id, level_):
            tally.overdue += n
    for (coalition_id, level_, state), n in verdicts.items():
        for tally in tallies(coalition_id, level_):
            tally.reviews[state] += n
    for (coalition_id, level_), n in confirmed.items():
        for tally in tallies(coalition_id, level_):
            tally.confirmed += n
    return {
        **everything.answer(reviews),
        "by_coalition": {name: t.answer(reviews) for name, t in sorted(coalitions.items())},
        "by_level": {name: t.answer(reviews) for name, t in sorted(levels.items())},
        "budget": budget,
    }


class _Tally:
    def __init__(self) -> None:
        self.counts = dict.fromkeys(COMMITMENT_STATUSES, 0)
        self.overdue = 0
        self.reviews = dict.fromkeys(REVIEW_STATES, 0)
        self.confirmed = 0  # fulfilled, with a current `confirmed` review

    def answer(self, reviews: bool = True) -> dict[str, Any]:
        """Counts, total, overdue, the fulfilment rate as reported and (with `reviews`) as
        confirmed by the committee, with the reviews, as the dashboard shows them."""
        total = sum(self.counts.values())
        counted = total - self.counts["withdrawn"]
        answer = {
            "counts": dict(self.counts),
            "total": total,
            "overdue": self.overdue,
            "fulfilment_rate": rate(self.counts["fulfilled"], counted),
        }
        if reviews:
            answer["confirmed_rate"] = rate(self.confirmed, counted)
            answer["reviews"] = dict(self.reviews)
        return answer


def _budget(connection: Connection, filters: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Figures by currency, with release and execution rates."""
    t = budget_totals
    where = []
    if "coalition" in filters:
        where.append(t.c.coalition == coalition_key(filters["coalition"]))
    if "year" in filters:
        where.append(t.c.fiscal_year_start == int(filters["year"]))
    if "level" in filters:
        where.append(t.c.level == filters["level"])
    parts = [f"{stage}_{part}" for stage in BUDGET_STAGES for part in ("units", "frac")]
    try:
        query = select(t.c.currency, *(func.sum(t.c[p]) for p in parts)).where(*where)
        summed = {
            currency: dict(zip(parts, map(int, sums), strict=True))
            for currency, *sums in connection.execute(query.group_by(t.c.currency))
        }
    except OperationalError:  # SQLite's SUM overflows past 2**63 units: sum them here
        summed = defaultdict(lambda: dict.fromkeys(parts, 0))
        for row in connection.execute(select(t).where(*where)).mappings():
            for p in parts:
                summed[row["currency"]][p] += int(row[p])
    answer = {}
    for currency, sums in sorted(summed.items()):
        figures = {
            stage: amount_from_parts(sums[f"{stage}_units"], sums[f"{stage}_frac"])
            for stage in BUDGET_STAGES
        }
        answer[currency] = {
            **{stage: _money(amount) for stage, amount in figures.items()},
            "release_rate": rate(figures["released"], figures["allocated"]),
            "execution_rate": rate(figures["spent"], figures["released"]),
        }
    return answer


def _money(amount: Decimal) -> str:
    """A total in plain decimal notation, with at least two decimals: `4000000.00`."""
    rounded = amount.quantize(CENTS)
    return f"{rounded if rounded == amount else amount.normalize():f}"
