"""What `tracker projections status`, `tracker projections rebuild` and `tracker worker` do."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from rich.console import Console

from projections import runner
from projections.catalogue import NAMES, UnknownProjection
from tracker.composition import Services
from tracker.projection_commands import (
    NoRedis,
    projections_status,
    rebuild_projections,
    run_worker,
)


def printed() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, width=120, color_system=None), out


def some_events(services: Services) -> int:
    t = services.tracker
    t.register_coalition(code="ke", name="Kenya", country="KE", recorded_by="lead")
    t.make_commitment(
        coalition="ke", text="Fund the plan", made_by={"institution": "County", "role": "Chair"},
        due_on=date(2025, 6, 30), groups=[], sdg_targets=[], occurred_on=date(2024, 1, 1),
        recorded_by="lead",
    )  # fmt: skip
    return runner.head(t)


def test_status_prints_each_projections_position_and_lag(services: Services) -> None:
    head = some_events(services)
    console, out = printed()
    status = projections_status(services, console=console)
    assert status["head"] == head
    table = out.getvalue()
    assert all(name in table for name in NAMES)

    console, out = printed()
    projections_status(services, as_json=True, console=console)
    answer = json.loads(out.getvalue())
    assert answer["projections"]["timeline"] == {"position": head, "lag": 0}


def test_rebuild_reports_how_many_events_it_applied(services: Services) -> None:
    head = some_events(services)
    console, out = printed()
    assert rebuild_projections(services, "timeline", console=console) == head
    assert f"rebuilt timeline from {head:,} events" in out.getvalue()
    assert rebuild_projections(services, console=printed()[0]) == head
    with pytest.raises(UnknownProjection):
        rebuild_projections(services, "nonsense", console=printed()[0])


def test_the_worker_needs_redis(services: Services) -> None:
    with pytest.raises(NoRedis, match="REDIS_URL"):
        run_worker(services, burst=True)
