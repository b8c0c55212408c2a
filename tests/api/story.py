"""A small story written through the API, for the read endpoints' tests to work out by hand.

Dates in brackets are `occurred_on`; `lead` leads ke, `other_lead` leads vn.

    ke: E1 "Ngiluni action plans" (2024-11-01, public) and E2 "Households at risk"
        (2024-11-05, confidential) -> I1 (2024-12-01) -> D1 hearing, subnational
        (2025-01-15) -> C1 (due 2025-06-30), C2 (due 2099-12-31), C3 (no due date);
        C1 -> L1 (KES, 2025/26, no date of its own); O1 (2025-06-01) follows E1, C1, L1.
        C1 in progress 2025-02-01, fulfilled 2025-05-01; C3 withdrawn 2025-03-01.
        L1 allocated 1000000.00 (2025-02-10), released 600000.50 (03-10), spent 300000.25
        (04-10): L1 is dated 2025-02-10, its earliest amount.
    vn: E3 "Migrant workers' scorecard" (2024-10-01, restricted) -> I2 (2024-02-20: before
        the evidence it presents, an anomaly); C4 made outside a dialogue (2024-05-01, due
        2024-09-30), still as made: overdue.

Everything is written by `lead` in ke and `other_lead` in vn, the coalitions by `admin`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from werkzeug.test import TestResponse

from tests.api import bodies
from tests.api.conftest import Caller


@dataclass
class Story:
    """The ids of the story's records, by their names above."""

    ids: dict[str, str]

    def __getitem__(self, name: str) -> str:
        return self.ids[name]


def _id(response: TestResponse) -> dict[str, Any]:
    assert response.status_code == 201, response.get_data(as_text=True)
    body: dict[str, Any] = response.get_json()
    return body


def write_story(users: dict[str, Caller]) -> Story:
    """Write the story above through the API, as its authors."""
    admin, lead, other = users["admin"], users["lead"], users["other_lead"]
    ids: dict[str, str] = {}
    for code, name in (("ke", "Kenya SDGs Forum"), ("vn", "Vietnam")):
        _id(admin.post("/api/v1/coalitions", bodies.coalition(code, name)))
    ids["E1"] = _id(lead.post("/api/v1/evidence", bodies.evidence(title="Ngiluni action plans")))[
        "id"
    ]
    ids["E2"] = _id(
        lead.post(
            "/api/v1/evidence",
            bodies.evidence(
                title="Households at risk", sensitivity="confidential", occurred_on="2024-11-05"
            ),
        )
    )["id"]
    submitted = bodies.advocacy_input("ke", [ids["E1"], ids["E2"]])
    ids["I1"] = _id(lead.post("/api/v1/advocacy-inputs", submitted))["id"]
    dialogue = bodies.dialogue(
        commitments=[
            bodies.commitment_in_dialogue(),
            bodies.commitment_in_dialogue(text="Open the committees to youth", due_on="2099-12-31"),
            bodies.commitment_in_dialogue(text="Publish the ward budget", due_on=None),
        ]
    )
    dialogue["advocacy_inputs"] = [ids["I1"]]
    held = _id(lead.post("/api/v1/dialogues", dialogue))
    ids["D1"] = held["id"]
    ids["C1"], ids["C2"], ids["C3"] = held["commitments"]
    for commitment, status, on in (
        ("C1", "in_progress", "2025-02-01"),
        ("C3", "withdrawn", "2025-03-01"),
        ("C1", "fulfilled", "2025-05-01"),
    ):
        path = f"/api/v1/commitments/{ids[commitment]}/progress"
        _id(lead.post(path, bodies.progress(status, occurred_on=on)))
    ids["L1"] = _id(lead.post("/api/v1/budget-lines", bodies.budget_line("ke", [ids["C1"]])))["id"]
    for stage, amount, on in (
        ("allocated", "1000000.00", "2025-02-10"),
        ("released", "600000.50", "2025-03-10"),
        ("spent", "300000.25", "2025-04-10"),
    ):
        body = bodies.amount(amount, stage) | {"occurred_on": on}
        _id(lead.post(f"/api/v1/budget-lines/{ids['L1']}/amounts", body))
    outcome = bodies.outcome("ke", evidence=[ids["E1"]], commitments=[ids["C1"]])
    outcome["links"]["budget_lines"] = [ids["L1"]]
    outcome["occurred_on"] = "2025-06-01"
    ids["O1"] = _id(lead.post("/api/v1/outcomes", outcome))["id"]
    scorecard = bodies.evidence(
        "vn",
        title="Migrant workers' scorecard",
        sensitivity="restricted",
        occurred_on="2024-10-01",
        collected_from="2024-08-01",
        collected_to="2024-08-31",
    )
    ids["E3"] = _id(other.post("/api/v1/evidence", scorecard))["id"]
    early = bodies.advocacy_input("vn", [ids["E3"]]) | {"occurred_on": "2024-02-20"}
    ids["I2"] = _id(other.post("/api/v1/advocacy-inputs", early))["id"]
    made = bodies.commitment("vn", due_on="2024-09-30") | {"occurred_on": "2024-05-01"}
    ids["C4"] = _id(other.post("/api/v1/commitments", made))["id"]
    return Story(ids)
