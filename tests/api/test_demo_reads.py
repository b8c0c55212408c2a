"""The read endpoints on the demo (tracker.demo: the Kenya and Vietnam worked examples),
with values read off the demo's own text.

ke: three commitments made at the 2024-03-14 budget hearing (subnational): budget
priorities and climate committees fulfilled, seedlings partially fulfilled; a fourth,
village forums, made 2025-05-20 outside a dialogue, in progress, due 2026-03-31. vn: one,
made 2025-01-16 at a national roundtable, in progress, due (after a change) 2026-12-31.
One budget line, KES: proposed 2500000, allocated 2000000, released 1600000, spent 1400000.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from flask import Flask

from tests.api.conftest import Caller
from tracker.account_commands import create_demo_accounts
from tracker.demo import load_demo
from web.services import services


@pytest.fixture
def demo(app: Flask) -> dict[str, Caller]:
    """The demo loaded into the app, and a caller for each demo account."""
    with app.app_context():
        load_demo(services().tracker, lambda _line: None)
        accounts = create_demo_accounts(services())
    return {user.name: Caller(app.test_client(), token) for user, token, _ in accounts}


def get(caller: Caller, path: str) -> Any:
    response = caller.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def overdue_today(*due: date) -> int:
    today = datetime.now(UTC).date()
    return sum(day < today for day in due)


def test_the_dashboard_of_the_demo(demo: dict[str, Caller]) -> None:
    answer = get(demo["amina"], "/api/v1/fulfilment")
    assert answer["total"] == 5
    assert {k: n for k, n in answer["counts"].items() if n} == {
        "fulfilled": 2,
        "partially_fulfilled": 1,
        "in_progress": 2,
    }
    assert answer["fulfilment_rate"] == 0.4  # 2 of 5, none withdrawn
    assert answer["overdue"] == overdue_today(date(2026, 3, 31), date(2026, 12, 31))
    ke, vn = answer["by_coalition"]["ke"], answer["by_coalition"]["vn"]
    assert (ke["total"], ke["fulfilment_rate"]) == (4, 0.5)
    assert (vn["total"], vn["fulfilment_rate"]) == (1, 0.0)
    levels = {level: t["total"] for level, t in answer["by_level"].items()}
    assert levels == {"national": 1, "subnational": 3, "unspecified": 1}
    assert answer["by_level"]["subnational"]["fulfilment_rate"] == 0.6667  # 2 of 3
    assert answer["budget"] == {
        "KES": {
            "proposed": "2500000.00",
            "allocated": "2000000.00",
            "released": "1600000.00",
            "spent": "1400000.00",
            "release_rate": 0.8,
            "execution_rate": 0.875,
        }
    }
    made_2024 = get(demo["amina"], "/api/v1/fulfilment?year=2024")
    assert (made_2024["total"], made_2024["fulfilment_rate"]) == (3, 0.6667)


def test_the_seedlings_outcome_traces_back_to_the_forums(demo: dict[str, Caller]) -> None:
    commitments = get(demo["tomas"], "/api/v1/commitments?coalition=ke&status=partially_fulfilled")
    [seedlings] = commitments["items"]
    chain = get(demo["tomas"], f"/api/v1/impact-chains/{seedlings['id']}")
    assert [n["type"] for n in chain["nodes"]] == [
        "evidence",
        "advocacy-inputs",
        "dialogues",
        "commitments",
        "budget-lines",
        "outcomes",
    ]
    assert [n["occurred_on"] for n in chain["nodes"]] == [
        "2023-08-10",
        "2024-02-20",
        "2024-03-14",
        "2024-03-14",
        "2024-04-30",
        "2025-04-30",  # the seedlings planted (not the committees: no link from seedlings)
    ]
    assert chain["chronology_ok"] is True
    assert {n["recorded_by"] for n in chain["nodes"]} == {"wanjiru"}


def test_the_timeline_of_kenya_names_its_lead(demo: dict[str, Caller]) -> None:
    # Registered with 2 members; evidence assessed; 1 input; hearing and follow-up; 4
    # commitments with 7 reports and 2 reviews; a line with 4 amounts; 2 outcomes, each
    # substantiated.
    answer = get(demo["linh"], "/api/v1/timeline?coalition=ke&per_page=5")
    assert answer["total"] == 3 + 2 + 1 + 2 + 4 + 7 + 2 + 5 + 4
    first = answer["items"][0]
    assert (first["occurred_on"], first["kind"], first["recorded_by"]) == (
        "2023-01-16",
        "coalition.registered",
        "admin",
    )
    last = get(demo["linh"], "/api/v1/timeline?coalition=ke&order=desc&per_page=1")["items"][0]
    assert (last["occurred_on"], last["kind"]) == ("2025-10-08", "commitment.progress_reported")
    assert last["recorded_by"] == "wanjiru"


def test_the_feed_of_the_demo_skips_only_bookkeeping(demo: dict[str, Caller]) -> None:
    answer = get(demo["tomas"], "/api/v1/events?limit=1000")
    # 30 facts of ke, 12 of vn; 20 claims on the demo's external ids are left out.
    assert len(answer["items"]) == 42
    assert answer["next_after"] == 62
    assert all("." in e["type"] and ":" not in e["type"] for e in answer["items"])


def test_the_vietnam_commitment_was_rescheduled(demo: dict[str, Caller]) -> None:
    [guidance] = get(demo["amina"], "/api/v1/commitments?coalition=vn")["items"]
    assert (guidance["due_on"], guidance["level"], guidance["status"]) == (
        "2026-12-31",
        "national",
        "in_progress",
    )
    audit = get(demo["tomas"], f"/api/v1/audit/commitments/{guidance['id']}?as_known_on=2026-01-01")
    assert [e["type"] for e in audit["history"]] == [
        "commitment.made",
        "commitment.progress_reported",
        "commitment.due_date_changed",
    ]
    # The demo was recorded today, so on 2026-01-01 nothing of it was known yet.
    assert audit["state"] is None and not any(e["known"] for e in audit["history"])
    assert {e["recorded_by"] for e in audit["history"]} == {"linh"}
