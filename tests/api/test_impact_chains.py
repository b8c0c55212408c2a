"""`GET /impact-chains/<id>`: every record up- and downstream, with anomalies flagged.

From C1 of the story (tests/api/story.py): up to D1, I1, E1 and E2; down to L1 and O1.
I2 of vn presents E3 although dated before it: the one anomaly.
"""

from __future__ import annotations

import pytest

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
