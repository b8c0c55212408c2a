"""The write path reads what it needs once: `POST /commitments/<id>/progress` by a lead
replays the commitment once (the owner check reads only its creating event)."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from tests.api import bodies
from tests.api.conftest import Caller, World
from web.services import services


def test_reporting_progress_replays_the_commitment_once(
    app: Flask, users: dict[str, Caller], world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    commitment = world["commitment"]
    with app.app_context():
        recorder = services().tracker.recorder
    reads: list[dict[str, Any]] = []
    select_events = recorder.select_events

    def counted(originator_id: Any, **kwargs: Any) -> Any:
        if str(originator_id) == commitment:
            reads.append(kwargs)
        return select_events(originator_id, **kwargs)

    monkeypatch.setattr(recorder, "select_events", counted)
    answer = users["lead"].post(
        f"/api/v1/commitments/{commitment}/progress", bodies.progress(), **{"If-Match": '"1"'}
    )
    assert answer.status_code == 201, answer.get_json()
    whole = [r for r in reads if r.get("lte") != 1]
    assert len(whole) == 1, reads
    assert len(reads) <= 2  # and the creating event, for the owner check
