"""How catch-up sizes and writes its batches: bigger when the log is far ahead, and only the
columns that changed written; the read model comes out the same, row for row, as one
rebuilt from the store."""

from __future__ import annotations

from typing import Any

import pytest

from domain.commitments import Commitment
from projections import catch_up, commitments, runner
from projections.batch import Statements
from projections.schema import commitments as commitments_table
from projections.snapshot import snapshot
from tests.integration.test_projections_exactly_once import (
    events_of,
    positions,
    quiet,  # noqa: F401 - a fixture
    rebuilt,
    told,
)
from tracker.composition import Services


def test_a_catch_up_reads_more_events_per_batch_the_further_behind_it_is() -> None:
    assert catch_up.batch_for(3) == catch_up.CATCH_UP_BATCH
    assert catch_up.batch_for(2_000) == 2_000
    assert catch_up.batch_for(10**6) == catch_up.MAX_CATCH_UP_BATCH


def test_a_catch_up_far_behind_in_big_batches_equals_a_rebuild(
    quiet: Services,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    last = told(quiet)
    monkeypatch.setattr(catch_up, "CATCH_UP_BATCH", 20)
    monkeypatch.setattr(catch_up, "MAX_CATCH_UP_BATCH", last // 3)
    reached: list[int] = []
    runner.catch_up(quiet.tracker, quiet.engine, progress=lambda at, _head: reached.append(at))
    steps = [b - a for a, b in zip([0, *reached], reached, strict=False)]
    assert max(steps) == last // 3 and len(reached) >= 3, "big batches, one after another"
    assert set(positions(quiet).values()) == {last}
    assert rebuilt(quiet) == snapshot(quiet.engine)


def test_a_projection_failing_in_a_big_batch_stops_alone_while_the_others_read_on(
    quiet: Services,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    last = told(quiet)
    made = [p for p, e in events_of(quiet) if isinstance(e, Commitment.Made)]
    original = commitments.projection.handlers[Commitment.Made]

    def broken(event: Any, view: Any) -> Any:
        if view.position == made[-2]:
            raise RuntimeError("broken")
        return iter(original(event, view))

    monkeypatch.setitem(commitments.projection.handlers, Commitment.Made, broken)
    monkeypatch.setattr(catch_up, "CATCH_UP_BATCH", 10)
    monkeypatch.setattr(catch_up, "MAX_CATCH_UP_BATCH", last // 4)
    runner.catch_up(quiet.tracker, quiet.engine)
    stopped = positions(quiet)
    assert stopped.pop("commitments") == made[-2] - 1
    assert set(stopped.values()) == {last}

    monkeypatch.undo()
    runner.catch_up(quiet.tracker, quiet.engine)
    assert set(positions(quiet).values()) == {last}
    assert rebuilt(quiet) == snapshot(quiet.engine)


def test_an_update_sets_only_the_columns_given() -> None:
    sql = Statements("sqlite").of(commitments_table)
    statement, params = sql.update_of(("status", "completion"))
    assert statement == ('UPDATE "commitments" SET "status" = ?, "completion" = ? WHERE "id" = ?')
    assert params({"status": "stalled", "completion": "started", "text": "x"}) == (
        "stalled",
        "started",
    )
