"""`GET /impact-chains/<id>`: every record up- and downstream, with anomalies flagged.

From C1 of the story (tests/api/story.py): up to D1, I1, E1 and E2; down to L1 and O1.
I2 of vn presents E3 although dated before it: the one anomaly.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from urllib.parse import urlencode

import pytest

from tests.api import bodies
from tests.api.conftest import Caller
from tests.api.story import Story, write_story

MISSING = "00000000-0000-4000-8000-000000000000"


@pytest.fixture
def story(users: dict[str, Caller]) -> Story:
    return write_story(users)


def test_a_chain_runs_from_evidence_to_the_change_it_contributed_to(
    users: dict[str, Caller], story: Story
) -> None:
    chain = users["evaluator"].get(f"/api/v1/impact-chains/{story['C1']}").get_json()
    assert chain["root"] == {"type": "commitments", "id": story["C1"]}
    assert [(n["type"], n["id"], n["occurred_on"]) for n in chain["nodes"]] == [
        ("evidence", story["E1"], "2024-11-01"),
        ("evidence", story["E2"], "2024-11-05"),
        ("advocacy-inputs", story["I1"], "2024-12-01"),
        ("dialogues", story["D1"], "2025-01-15"),
        ("commitments", story["C1"], "2025-01-15"),
        ("budget-lines", story["L1"], "2025-02-10"),  # dated by its earliest amount
        ("outcomes", story["O1"], "2025-06-01"),
    ]
    edges = [(e["from"], e["to"], e["relation"]) for e in chain["edges"]]
    assert edges == [
        (story[cause], story[effect], relation)
        for cause, effect, relation in (
            ("E1", "I1", "informed"),
            ("E2", "I1", "informed"),
            ("I1", "D1", "presented_at"),
            ("D1", "C1", "produced"),
            ("C1", "L1", "funded_by"),
            ("C1", "O1", "contributed_to"),
            ("L1", "O1", "contributed_to"),
        )
    ]
    assert chain["chronology_ok"] is True and chain["anomalies"] == []
    first = chain["nodes"][0]
    assert first["title"] == "Ngiluni action plans"
    assert first["recorded_by"] == "lead" and first["recorded_at"].endswith("+00:00")


def test_an_effect_dated_before_its_cause_is_flagged_not_refused(
    users: dict[str, Caller], story: Story
) -> None:
    chain = users["evaluator"].get(f"/api/v1/impact-chains/{story['E3']}").get_json()
    assert chain["chronology_ok"] is False
    assert chain["anomalies"] == [
        {
            "from": story["E3"],
            "to": story["I2"],
            "reason": "the advocacy input is dated 2024-02-20, before the evidence it follows"
            " from (2024-10-01)",
        }
    ]


def test_an_unknown_id_is_a_404(users: dict[str, Caller], story: Story) -> None:
    response = users["viewer"].get(f"/api/v1/impact-chains/{MISSING}")
    assert response.status_code == 404
    assert response.content_type == "application/problem+json"
    assert users["viewer"].get("/api/v1/impact-chains/not-an-id").status_code == 404


def test_a_chain_as_known_on_a_moment_leaves_out_what_was_recorded_later(
    users: dict[str, Caller], story: Story
) -> None:
    evaluator, lead = users["evaluator"], users["lead"]
    then = datetime.now(UTC).isoformat()
    time.sleep(0.01)
    correction = {"reason": "Typo", "title": "Ngiluni community action plans"}
    assert lead.post(f"/api/v1/evidence/{story['E1']}/corrections", correction).status_code == 201
    later = bodies.outcome("ke", commitments=[story["C1"]])
    assert lead.post("/api/v1/outcomes", later).status_code == 201

    now = evaluator.get(f"/api/v1/impact-chains/{story['C1']}").get_json()
    known = evaluator.get(
        f"/api/v1/impact-chains/{story['C1']}?{urlencode({'as_known_on': then})}"
    ).get_json()
    assert len(now["nodes"]) == len(known["nodes"]) + 1
    assert len(now["edges"]) == len(known["edges"]) + 1
    titles = {n["id"]: n["title"] for n in known["nodes"]}
    assert titles[story["E1"]] == "Ngiluni action plans"
    assert {n["id"]: n["title"] for n in now["nodes"]}[story["E1"]] == (
        "Ngiluni community action plans"
    )


def test_a_chain_as_known_before_its_record_existed_is_a_404(
    users: dict[str, Caller], story: Story
) -> None:
    answer = users["evaluator"].get(f"/api/v1/impact-chains/{story['C1']}?as_known_on=2020-01-01")
    assert answer.status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/impact-chains/{C1}?as_know_on=2025-01-01",
        "/api/v1/impact-chains/{C1}?as_known_on=yesterday",
        "/api/v1/commitments/{C1}?fields=text",
        "/api/v1/evidence/{E1}?lang=fr",
    ],
)
def test_every_endpoint_refuses_a_query_parameter_it_does_not_take(
    users: dict[str, Caller], story: Story, path: str
) -> None:
    answer = users["evaluator"].get(path.format(**story.ids))
    assert answer.status_code == 422
    assert answer.content_type == "application/problem+json"


def test_a_write_refuses_a_query_parameter_too(users: dict[str, Caller], story: Story) -> None:
    answer = users["lead"].post("/api/v1/outcomes?dry_run=1", bodies.outcome("ke"))
    assert answer.status_code == 422
    assert answer.get_json()["errors"] == {"dry_run": ["Unknown field."]}
