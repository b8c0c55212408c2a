"""A dialogue and its commitments are saved together, or not at all."""

from __future__ import annotations

from tests.api import bodies
from tests.api.conftest import Caller, World


def test_the_answer_lists_the_commitments_in_the_order_given(
    users: dict[str, Caller], world: World
) -> None:
    texts = ["first promise", "second promise"]
    body = bodies.dialogue(commitments=[bodies.commitment_in_dialogue(text=t) for t in texts])
    response = users["lead"].post("/api/v1/dialogues", body)
    assert response.status_code == 201
    answer = response.get_json()
    assert len(answer["commitments"]) == 2
    for commitment_id, text in zip(answer["commitments"], texts, strict=True):
        commitment = users["lead"].get(f"/api/v1/commitments/{commitment_id}").get_json()
        assert commitment["text"] == text and commitment["dialogue"] == answer["id"]


def test_one_bad_commitment_saves_nothing(users: dict[str, Caller], world: World, app) -> None:
    from web.services import services

    with app.app_context():
        before = services().tracker.recorder.max_notification_id()
    good = bodies.commitment_in_dialogue()
    bad = bodies.commitment_in_dialogue(made_by={"institution": " ", "role": ""})
    response = users["lead"].post("/api/v1/dialogues", bodies.dialogue(commitments=[good, bad]))
    assert response.status_code == 422
    assert "commitments.1.made_by.institution" in response.get_json()["errors"]
    with app.app_context():
        assert services().tracker.recorder.max_notification_id() == before


def test_a_missing_advocacy_input_saves_nothing_either(
    users: dict[str, Caller], world: World, app
) -> None:
    from web.services import services

    with app.app_context():
        before = services().tracker.recorder.max_notification_id()
    body = bodies.dialogue() | {"advocacy_inputs": [world["evidence"]]}  # not an input
    response = users["lead"].post("/api/v1/dialogues", body)
    assert response.status_code == 422
    assert "advocacy_inputs" in response.get_json()["errors"]
    with app.app_context():
        assert services().tracker.recorder.max_notification_id() == before
