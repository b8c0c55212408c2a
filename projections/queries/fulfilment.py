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
from projections.schema import budget_totals

CENTS = Decimal("0.01")


def fulfilment(
    engine: Engine,
    coalition: str | UUID | None = None,
    year: int | None = None,
    level: str | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    """Counts of commitments by status, overdue ones, the fulfilment rate, the same by
    coalition and by level, and budget figures by currency with release and execution rates.

    `year` is the year a commitment was made (for budget lines: the year their fiscal year
    starts); `level` is its dialogue's level; overdue is counted on `today` (UTC today).
    `fulfilment_rate` = fulfilled ÷ (total − withdrawn), or None when that is 0.
    """
    today = today or today_utc()
    filters = {k: v for k, v in (("coalition", coalition), ("year", year), ("level", level)) if v}
    with engine.connect() as connection:
        counts = by_status(connection, filters)
        late = overdue(connection, filters, today)
        budget = _budget(connection, filters)
        code = codes(connection, {c for c, _, _ in counts} | {c for c, _ in late})
    everything = _Tally()
    coalitions: dict[str, _Tally] = defaultdict(_Tally)
    levels: dict[str, _Tally] = defaultdict(_Tally)
    for (coalition_id, level_, status), n in counts.items():
        for tally in (everything, coalitions[code[coalition_id]], levels[level_ or UNSPECIFIED]):
            tally.counts[status] += n
    for (coalition_id, level_), n in late.items():
        for tally in (everything, coalitions[code[coalition_id]], levels[level_ or UNSPECIFIED]):
            tally.overdue += n
    return {
        **everything.answer(),
        "by_coalition": {name: t.answer() for name, t in sorted(coalitions.items())},
        "by_level": {name: t.answer() for name, t in sorted(levels.items())},
        "budget": budget,
    }


class _Tally:
    def __init__(self) -> None:
        self.counts = dict.fromkeys(COMMITMENT_STATUSES, 0)
        self.overdue = 0

    def answer(self) -> dict[str, Any]:
        """Counts, total, overdue and fulfilment rate, as the dashboard shows them."""
        total = sum(self.counts.values())
        return {
            "counts": dict(self.counts),
            "total": total,
            "overdue": self.overdue,
            "fulfilment_rate": rate(self.counts["fulfilled"], total - self.counts["withdrawn"]),
        }


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
