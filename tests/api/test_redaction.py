"""Evidence content a reader may not see stays hidden in every read, and only there.

E2 of the story (tests/api/story.py) is confidential evidence of ke: its leads, admins and
evaluators read it; viewers, executives and vn's lead do not. E3 is restricted evidence of
vn: everyone but viewers reads it. Whoever may not read a record still learns it exists.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.api.conftest import Caller
from tests.api.story import Story, write_story
from tracker.exports import COLUMNS

SECRETS = {"E2": "Households at risk", "E3": "Migrant workers' scorecard"}
# Who reads each record's content (admin always does).
READERS = {"E2": {"lead", "evaluator", "admin"}, "E3": {"lead", "other_lead", "executive",
                                                        "evaluator", "admin"}}  # fmt: skip
ROLES = ("viewer", "executive", "other_lead", "lead", "evaluator", "admin")
CASES = [(record, role) for record in SECRETS for role in ROLES]


@pytest.fixture
def story(users: dict[str, Caller]) -> Story:
    return write_story(users)


def shown(record: str, role: str) -> bool:
    return role in READERS[record]


def body_of(caller: Caller, path: str) -> tuple[str, Any]:
    response = caller.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)
    text = response.get_data(as_text=True)
    return text, response.get_json(silent=True)


def check_secret(text: str, record: str, role: str) -> None:
    """The record's title is in the answer exactly when the reader may see it."""
    assert (SECRETS[record] in text) == shown(record, role), (record, role)


@pytest.mark.parametrize(("record", "role"), CASES)
def test_the_record_itself(users: dict[str, Caller], story: Story, record: str, role: str) -> None:
    text, body = body_of(users[role], f"/api/v1/evidence/{story[record]}")
    check_secret(text, record, role)
    if not shown(record, role):
        assert set(body) == {"id", "coalition", "sensitivity", "redacted"}
        assert body["redacted"] is True and body["id"] == story[record]


@pytest.mark.parametrize(("record", "role"), CASES)
def test_the_timeline(users: dict[str, Caller], story: Story, record: str, role: str) -> None:
    text, body = body_of(users[role], "/api/v1/timeline?per_page=200")
    check_secret(text, record, role)
    [entry] = [e for e in body["items"] if e["ref"]["id"] == story[record]]
    assert entry["redacted"] is not shown(record, role)
    assert entry["kind"] == "evidence.recorded" and entry["occurred_on"]
    if not shown(record, role):
        sensitivity = "Confidential" if record == "E2" else "Restricted"
        assert entry["title"] == f"{sensitivity} evidence recorded (content hidden)"


@pytest.mark.parametrize(("record", "role"), CASES)
def test_impact_chains(users: dict[str, Caller], story: Story, record: str, role: str) -> None:
    effect = {"E2": "I1", "E3": "I2"}[record]
    text, body = body_of(users[role], f"/api/v1/impact-chains/{story[effect]}")
    check_secret(text, record, role)
    [node] = [n for n in body["nodes"] if n["id"] == story[record]]
    assert node["redacted"] is not shown(record, role)
    assert (node["title"] is None) is not shown(record, role)
    assert node["occurred_on"] is not None  # the chronology can still be checked


@pytest.mark.parametrize(("record", "role"), CASES)
def test_the_audit(users: dict[str, Caller], story: Story, record: str, role: str) -> None:
    text, body = body_of(users[role], f"/api/v1/audit/evidence/{story[record]}")
    check_secret(text, record, role)
    [entry] = body["history"]
    assert entry["type"] == "evidence.recorded" and entry["recorded_by"]
    if shown(record, role):
        assert body["state"]["title"] == SECRETS[record] and entry["redacted"] is False
    else:
        assert body["state"] == {
            "id": story[record],
            "coalition": "ke" if record == "E2" else "vn",
            "sensitivity": "confidential" if record == "E2" else "restricted",
            "redacted": True,
        }
        assert entry["data"] == {} and entry["redacted"] is True


@pytest.mark.parametrize("export", ["evidence", "timeline"])
@pytest.mark.parametrize(("record", "role"), CASES)
def test_the_exports(
    users: dict[str, Caller], story: Story, record: str, role: str, export: str
) -> None:
    text, _ = body_of(users[role], f"/api/v1/exports/{export}.csv")
    check_secret(text, record, role)
    if export == "evidence":
        [row] = [line for line in text.splitlines() if line.startswith(story[record])]
        hidden = not shown(record, role)
        redacted = COLUMNS["evidence"].index("redacted")
        assert row.split(",")[redacted] == ("true" if hidden else "false")


Correct = Callable[[str, str], None]


@pytest.fixture
def correct(users: dict[str, Caller], story: Story) -> Correct:
    def correct(record: str, sensitivity: str) -> None:
        body = {"sensitivity": sensitivity, "reason": "reclassified"}
        path = f"/api/v1/evidence/{story[record]}/corrections"
        assert users["admin"].post(path, body).status_code == 201

    return correct


def test_evidence_made_confidential_is_hidden_everywhere_from_then_on(
    users: dict[str, Caller], story: Story, correct: Correct
) -> None:
    correct("E1", "confidential")
    viewer = users["viewer"]
    for path in (
        f"/api/v1/evidence/{story['E1']}",
        f"/api/v1/audit/evidence/{story['E1']}",
        f"/api/v1/impact-chains/{story['E1']}",
        "/api/v1/timeline?coalition=ke&per_page=200",
        "/api/v1/exports/evidence.csv",
    ):
        assert "Ngiluni action plans" not in body_of(viewer, path)[0], path
    assert "Ngiluni action plans" in body_of(users["lead"], f"/api/v1/evidence/{story['E1']}")[0]


def test_an_audit_stays_hidden_from_whoever_could_not_read_it_at_its_strictest(
    users: dict[str, Caller], story: Story, correct: Correct
) -> None:
    correct("E2", "public")
    viewer = users["viewer"]
    assert SECRETS["E2"] in body_of(viewer, f"/api/v1/evidence/{story['E2']}")[0]
    text, body = body_of(viewer, f"/api/v1/audit/evidence/{story['E2']}")
    assert SECRETS["E2"] not in text
    assert [e["redacted"] for e in body["history"]] == [True, True]
    assert SECRETS["E2"] in body_of(users["evaluator"], f"/api/v1/audit/evidence/{story['E2']}")[0]
