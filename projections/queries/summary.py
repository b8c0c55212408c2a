"""Each coalition's records counted by kind: what `tracker summary` prints beside the
fulfilment counts."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Engine, func, select

from projections.kinds import RECORD_KINDS
from projections.schema import coalitions, timeline_subjects

KIND_ORDER = tuple(RECORD_KINDS.values())  # coalition, evidence, advocacy input, ...


def records_by_coalition(engine: Engine) -> dict[str, dict[str, Any]]:
    """By coalition code, in code order: its name and its records counted by kind (in the
    order of the chain, from evidence to outcome; a coalition is not its own record)."""
    s = timeline_subjects
    query = select(s.c.coalition, s.c.type, func.count()).group_by(s.c.coalition, s.c.type)
    with engine.connect() as connection:
        named = {row.id: row for row in connection.execute(select(coalitions))}
        counts: dict[str, dict[str, int]] = defaultdict(dict)
        for coalition, kind, n in connection.execute(query):
            if kind != "coalitions":
                counts[coalition][RECORD_KINDS[kind]] = int(n)
    answer = {}
    for coalition_id, row in sorted(named.items(), key=lambda item: item[1].code):
        found = counts.get(coalition_id, {})
        records = {kind: found[kind] for kind in KIND_ORDER if kind in found}
        answer[row.code] = {"name": row.name, "records": records}
    return answer
