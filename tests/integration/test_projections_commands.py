"""What `tracker projections status`, `tracker projections rebuild` and `tracker worker` do."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from rich.console import Console

from projections import commitments, runner
from projections.catalogue import NAMES, UnknownProjection
from projections.timeline import projection as timeline_projection
from tracker.composition import Services
from tracker.projection_commands import (
    NoRedis,
    projections_status,
    rebuild_outdated,
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
    assert answer["projections"]["timeline"] == {
        "position": head,
        "lag": 0,
        "version": timeline_projection.version,
        "outdated": False,
        "error": None,
    }


def test_a_projection_built_by_an_older_version_is_left_alone_until_rebuilt(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    head = some_events(services)
    runner.catch_up(services.tracker, services.engine)
    # The commitments projection's handlers move on to a version its tables were not built by.
    monkeypatch.setattr(commitments.projection, "version", commitments.projection.version + 1)
    assert runner.outdated(services.engine) == ["commitments"]
    console, out = printed()
    status = projections_status(services, console=console)
    assert status["projections"]["commitments"]["outdated"] is True
    assert "outdated: rebuild it" in out.getvalue()

    services.tracker.make_commitment(
        coalition="ke", text="Publish", made_by={"institution": "County", "role": "Chair"},
        due_on=None, groups=[], sdg_targets=[], occurred_on=date(2024, 2, 1), recorded_by="lead",
    )  # fmt: skip
    runner.catch_up(services.tracker, services.engine)
    later = runner.status(services.tracker, services.engine)["projections"]
    assert later["commitments"]["position"] == head, "catch-up leaves it alone"
    assert later["timeline"]["lag"] == 0

    assert rebuild_outdated(services, console=printed()[0]) == ["commitments"]
    assert runner.outdated(services.engine) == []
    now = runner.status(services.tracker, services.engine)["projections"]["commitments"]
    assert now["lag"] == 0 and now["outdated"] is False
    assert rebuild_outdated(services, console=printed()[0]) == []


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
