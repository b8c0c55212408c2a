"""The read endpoints answer alike on SQLite and on PostgreSQL (one pass over the story)."""

from __future__ import annotations

import csv
import io

from flask import Flask

from tests.api.conftest import make_users
from tests.api.story import write_story


def test_every_read_answers_the_story_on_each_store(any_store_app: Flask) -> None:
    users = make_users(any_store_app)
    story = write_story(users)
    viewer, evaluator = users["viewer"], users["evaluator"]
    listed = viewer.get("/api/v1/commitments?overdue=false&per_page=2").get_json()
    assert [c["id"] for c in listed["items"]] == [story["C1"], story["C2"]]
    assert listed["total"] == 3
    timeline = viewer.get("/api/v1/timeline?coalition=ke&from=2025-02-01&to=2025-04-30").get_json()
    assert [e["occurred_on"] for e in timeline["items"]] == [
        "2025-02-01", "2025-02-10", "2025-03-01", "2025-03-10", "2025-04-10"
    ]  # fmt: skip
    dashboard = viewer.get("/api/v1/fulfilment").get_json()
    assert (dashboard["total"], dashboard["overdue"], dashboard["fulfilment_rate"]) == (
        4,
        1,
        0.3333,
    )
    assert dashboard["budget"]["KES"]["released"] == "600000.50"
    chain = viewer.get(f"/api/v1/impact-chains/{story['I2']}").get_json()
    assert chain["chronology_ok"] is False and len(chain["nodes"]) == 2
    audit = evaluator.get(f"/api/v1/audit/commitments/{story['C1']}?as_known_on=2000-01-01")
    assert audit.get_json()["state"] is None
    events = evaluator.get("/api/v1/events?after=18").get_json()
    assert [e["position"] for e in events["items"]] == [19, 20] and events["next_after"] == 20
    text = viewer.get("/api/v1/exports/budget.csv?coalition=ke").get_data(as_text=True)
    [line] = list(csv.DictReader(io.StringIO(text)))
    assert (line["id"], line["spent"]) == (story["L1"], "300000.25")
