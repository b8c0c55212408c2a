"""Issue 10, finding 6: a lead links only to records of coalitions they lead."""

from __future__ import annotations

from tests.api import bodies
from tests.api.conftest import Caller, World


def refused_on(response, field: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 422, response.get_data(as_text=True)
    assert field in response.get_json()["errors"], response.get_json()


def test_a_lead_cannot_attach_a_budget_line_or_an_outcome_to_another_coalitions_commitment(
    users: dict[str, Caller], world: World
) -> None:
    vn_lead, ke = users["other_lead"], world["commitment"]
    before = users["admin"].get(f"/api/v1/commitments/{ke}").get_json()
    line = vn_lead.post("/api/v1/budget-lines", bodies.budget_line("vn", [ke]))
    refused_on(line, "commitments")
    outcome = vn_lead.post("/api/v1/outcomes", bodies.outcome("vn", commitments=[ke]))
    refused_on(outcome, "links.commitments")
    after = users["admin"].get(f"/api/v1/commitments/{ke}").get_json()
    assert after["budget_lines"] == before["budget_lines"]
    chain = users["admin"].get(f"/api/v1/impact-chains/{ke}").get_json()
    assert {node["coalition"] for node in chain["nodes"]} <= {"ke"}


def test_every_linking_write_is_held_to_the_rule(users: dict[str, Caller], world: World) -> None:
    ke_lead = users["lead"]
    vn_evidence, vn_commitment = world["vn_evidence"], world["vn_commitment"]
    refused_on(
        ke_lead.post("/api/v1/advocacy-inputs", bodies.advocacy_input("ke", [vn_evidence])),
        "evidence",
    )
    refused_on(
        ke_lead.post("/api/v1/outcomes", bodies.outcome("ke", evidence=[vn_evidence])),
        "links.evidence",
    )
    refused_on(
        ke_lead.post("/api/v1/budget-lines", bodies.budget_line("ke", [vn_commitment])),
        "commitments",
    )
    progress = bodies.progress(evidence=[vn_evidence])
    refused_on(
        ke_lead.post(f"/api/v1/commitments/{world['commitment']}/progress", progress), "evidence"
    )


def test_a_lead_links_its_own_coalitions_records_even_confidential_ones(
    users: dict[str, Caller], world: World
) -> None:
    body = bodies.advocacy_input("ke", [world["confidential"], world["evidence"]])
    assert users["lead"].post("/api/v1/advocacy-inputs", body).status_code == 201


def test_an_admin_may_link_across_coalitions(users: dict[str, Caller], world: World) -> None:
    body = bodies.budget_line("vn", [world["commitment"]])
    assert users["admin"].post("/api/v1/budget-lines", body).status_code == 201
