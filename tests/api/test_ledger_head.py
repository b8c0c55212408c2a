"""`GET /ledger/head` and the link hashes in `/audit`: what an evaluator notes and checks."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.api.conftest import Caller
from tests.api.story import Story, write_story
from tracker.ledger.links import parse_head
from tracker.ledger.verify import verify
from web.services import use_cases

PATH = "/api/v1/ledger/head"


@pytest.fixture
def story(users: dict[str, Caller]) -> Story:
    return write_story(users)


def test_the_head_is_the_last_link_and_verify_accepts_it(
    app: Flask, users: dict[str, Caller], story: Story
) -> None:
    answer = users["evaluator"].get(PATH)
    assert answer.status_code == 200
    head = answer.get_json()
    assert set(head) == {"position", "hash", "recorded_at"}
    with app.app_context():
        ledger = use_cases().ledger
        assert head["position"] == ledger.max_notification_id()
        verdict = verify(ledger, parse_head(f"{head['position']}:{head['hash']}"))
    assert verdict.ok and str(verdict).endswith(f"head {head['position']}:{head['hash']}")
    assert head["recorded_at"].startswith("20")


def test_the_head_moves_with_every_write(users: dict[str, Caller], story: Story) -> None:
    before = users["admin"].get(PATH).get_json()
    created = users["lead"].post(
        "/api/v1/coalitions/ke/members",
        {"name": "Ngiluni Women's Group", "occurred_on": "2024-12-01"},
    )
    assert created.status_code in (200, 201), created.get_data(as_text=True)
    after = users["admin"].get(PATH).get_json()
    assert after["position"] > before["position"] and after["hash"] != before["hash"]


@pytest.mark.parametrize("role", ["lead", "executive", "viewer"])
def test_only_evaluators_and_admins_read_the_head(users: dict[str, Caller], role: str) -> None:
    assert users[role].get(PATH).status_code == 403


def test_the_head_refuses_unknown_parameters(users: dict[str, Caller]) -> None:
    assert users["evaluator"].get(f"{PATH}?as_known_on=2024-01-01").status_code == 422


def test_an_empty_store_has_head_zero(users: dict[str, Caller]) -> None:
    head = users["evaluator"].get(PATH).get_json()
    assert head == {"position": 0, "hash": "0" * 64, "recorded_at": None}


def test_each_version_in_an_audit_names_its_position_and_link(
    app: Flask, users: dict[str, Caller], story: Story
) -> None:
    answer = users["evaluator"].get(f"/api/v1/audit/commitments/{story['C1']}").get_json()
    with app.app_context():
        links = use_cases().ledger.links_of(story["C1"])
    assert [(e["position"], e["link"]) for e in answer["history"]] == [
        (links[v].position, links[v].hash.hex()) for v in sorted(links)
    ]
