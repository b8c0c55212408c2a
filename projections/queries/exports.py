"""Whole read models, row by row, for the CSV exports: every commitment, timeline entry and
budget line of one coalition (or all), streamed rather than paged, so that an export of a
large history neither holds it all in memory nor pays for OFFSET pages.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import Engine, Select, select

from domain.commitments import days_overdue, is_overdue
from domain.vocabularies import BUDGET_STAGES
from projections.queries.common import coalition_key, today_utc, utc
from projections.schema import (
    budget_line_commitments,
    budget_lines,
    coalitions,
    commitments,
    timeline,
    timeline_subjects,
)

ROWS_PER_FETCH = 1000


def commitment_rows(
    engine: Engine, coalition: str | UUID | None = None, today: date | None = None
) -> Iterator[dict[str, Any]]:
    """Every commitment, oldest made first, with overdue worked out for `today` (UTC)."""
    today = today or today_utc()
    query = select(commitments).order_by(commitments.c.made_on, commitments.c.position)
    if coalition is not None:
        query = query.where(commitments.c.coalition == coalition_key(coalition))
    code = _codes(engine)
    for row in _stream(engine, query):
        due_on = row["due_on"]
        late = is_overdue(row["status"], due_on, today)
        yield {
            "id": row["id"],
            "coalition": code.get(row["coalition"], row["coalition"]),
            "dialogue": row["dialogue"],
            "text": row["text"],
            "institution": row["institution"],
            "role": row["role"],
            "level": row["level"],
            "groups": row["groups"],
            "sdg_targets": row["sdg_targets"],
            "status": row["status"],
            "completion": row["completion"],
            "occurred_on": row["made_on"],
            "due_on": due_on,
            "overdue": late,
            "days_overdue": days_overdue(row["status"], due_on, today),
            "review_verdict": row["review_verdict"],
            "review_on": row["review_on"],
            "recorded_at": utc(row["recorded_at"]),
            "recorded_by": row["recorded_by"],
        }


def timeline_rows(engine: Engine, coalition: str | UUID | None = None) -> Iterator[dict[str, Any]]:
    """Every timeline entry by `occurred_on`, then `recorded_at`, with the evidence's
    current `sensitivity` and the one each entry was `written_under` (for redaction)."""
    query = (
        select(timeline, timeline_subjects.c.sensitivity)
        .join_from(timeline, timeline_subjects, timeline_subjects.c.id == timeline.c.ref_id)
        .order_by(timeline.c.occurred_on, timeline.c.recorded_at, timeline.c.position)
    )
    if coalition is not None:
        query = query.where(timeline.c.coalition == coalition_key(coalition))
    code = _codes(engine)
    for row in _stream(engine, query):
        yield {
            "occurred_on": row["occurred_on"],
            "recorded_at": utc(row["recorded_at"]),
            "kind": row["kind"],
            "title": row["title"],
            "ref_type": row["ref_type"],
            "ref_id": row["ref_id"],
            "coalition": code.get(row["coalition"], row["coalition"]),
            "recorded_by": row["recorded_by"],
            "correction": row["correction"],
            "sensitivity": row["sensitivity"],
            "written_under": row["written_under"],
        }


def budget_rows(engine: Engine, coalition: str | UUID | None = None) -> Iterator[dict[str, Any]]:
    """Every budget line in the order identified, with the figure, date and source of each
    stage and the commitments it funds."""
    query = select(budget_lines).order_by(budget_lines.c.position)
    if coalition is not None:
        query = query.where(budget_lines.c.coalition == coalition_key(coalition))
    code = _codes(engine)
    funded = _funded(engine, coalition)
    for row in _stream(engine, query):
        line = {
            "id": row["id"],
            "coalition": code.get(row["coalition"], row["coalition"]),
            "government": row["government"],
            "level": row["level"],
            "fiscal_year": row["fiscal_year"],
            "programme": row["programme"],
            "currency": row["currency"],
            "groups": row["groups"],
            "commitments": funded.get(row["id"], []),
            "dated_on": row["dated_on"],
        }
        for stage in BUDGET_STAGES:
            line[stage] = row[f"{stage}_amount"]
            line[f"{stage}_on"] = row[f"{stage}_on"]
            line[f"{stage}_source"] = row[f"{stage}_source"]
        line["recorded_at"] = utc(row["recorded_at"])
        line["recorded_by"] = row["recorded_by"]
        yield line


def _funded(engine: Engine, coalition: str | UUID | None) -> dict[str, list[str]]:
    """The commitments of each budget line (a few per line: held in memory)."""
    query = select(budget_line_commitments.c.line, budget_line_commitments.c.commitment)
    if coalition is not None:
        query = query.join_from(
            budget_line_commitments,
            budget_lines,
            budget_lines.c.id == budget_line_commitments.c.line,
        ).where(budget_lines.c.coalition == coalition_key(coalition))
    found: dict[str, list[str]] = {}
    with engine.connect() as connection:
        for line, commitment in connection.execute(query.order_by(*query.selected_columns)):
            found.setdefault(line, []).append(commitment)
    return found


def _codes(engine: Engine) -> dict[str, str]:
    with engine.connect() as connection:
        return dict(connection.execute(select(coalitions.c.id, coalitions.c.code)).all())


def _stream(engine: Engine, query: Select[Any]) -> Iterator[Any]:
    with engine.connect() as connection:
        options = connection.execution_options(stream_results=True, yield_per=ROWS_PER_FETCH)
        yield from options.execute(query).mappings()
