"""`GET /exports/<name>.csv` and `tracker export`: the same CSV, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io

import pytest
from flask import Flask

from tests.api import bodies
from tests.api.conftest import Caller
from tests.api.story import Story, write_story
from tracker.cells import undefused
from tracker.exports import COLUMNS, EXPORTS, cell, export_command
from web.services import services


@pytest.fixture
def story(users: dict[str, Caller]) -> Story:
    return write_story(users)


def rows(caller: Caller, name: str, query: str = "") -> list[dict[str, str]]:
    response = caller.get(f"/api/v1/exports/{name}.csv{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/csv" and response.mimetype_params["charset"] == "utf-8"
    assert response.headers["Content-Disposition"] == f'attachment; filename="{name}.csv"'
    text = response.get_data().decode("utf-8")
    assert text.splitlines()[0] == ",".join(COLUMNS[name])
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize(
    ("name", "everyone", "ke"),
    [("commitments", 4, 3), ("timeline", 20, 16), ("budget", 1, 1), ("outcomes", 1, 1),
     ("evidence", 3, 2)],
)  # fmt: skip
def test_one_row_per_record_of_every_coalition_or_one(
    users: dict[str, Caller], story: Story, name: str, everyone: int, ke: int
) -> None:
    assert len(rows(users["admin"], name)) == everyone
    assert len(rows(users["admin"], name, "?coalition=ke")) == ke


def test_commitments_in_the_order_made_with_what_is_derived_today(
    users: dict[str, Caller], story: Story
) -> None:
    found = rows(users["viewer"], "commitments")
    assert [r["id"] for r in found] == [story[c] for c in ("C4", "C1", "C2", "C3")]
    late, fulfilled = found[0], found[1]
    assert (late["coalition"], late["overdue"], late["dialogue"]) == ("vn", "true", "")
    assert (fulfilled["status"], fulfilled["overdue"], fulfilled["level"]) == (
        "fulfilled",
        "false",
        "subnational",
    )
    assert fulfilled["groups"] == "women; youth" and fulfilled["recorded_by"] == "lead"


def test_budget_lines_with_each_stage_and_the_commitments_they_fund(
    users: dict[str, Caller], story: Story
) -> None:
    [line] = rows(users["viewer"], "budget")
    assert line["id"] == story["L1"] and line["commitments"] == story["C1"]
    assert (line["allocated"], line["allocated_on"]) == ("1000000.00", "2025-02-10")
    assert (line["released"], line["spent"], line["proposed"]) == ("600000.50", "300000.25", "")
    assert (line["dated_on"], line["fiscal_year"], line["currency"]) == (
        "2025-02-10",
        "2025/26",
        "KES",
    )


def test_outcomes_and_evidence_as_they_stand_now(users: dict[str, Caller], story: Story) -> None:
    [outcome] = rows(users["viewer"], "outcomes")
    assert outcome["id"] == story["O1"] and outcome["linked_evidence"] == story["E1"]
    assert outcome["linked_budget_lines"] == story["L1"] and outcome["substantiation"] == ""
    assert outcome["occurred_on"] == "2025-06-01" and outcome["recorded_by"] == "lead"
    evidence = {r["id"]: r for r in rows(users["admin"], "evidence")}
    assert evidence[story["E1"]]["title"] == "Ngiluni action plans"
    assert evidence[story["E1"]]["disaggregation"] == "sex; age"
    assert evidence[story["E1"]]["consent_obtained"] == "true"
    assert evidence[story["E3"]]["sensitivity"] == "restricted"


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)"])
def test_a_cell_a_spreadsheet_would_run_is_defused(
    users: dict[str, Caller], story: Story, text: str
) -> None:
    body = bodies.commitment("ke", text=text, made_by={"institution": text, "role": "@role"})
    assert users["lead"].post("/api/v1/commitments", body).status_code == 201
    last = rows(users["viewer"], "commitments", "?coalition=ke")[-1]
    assert (last["text"], last["institution"], last["role"]) == (f"'{text}", f"'{text}", "'@role")
    member = {"name": text, "occurred_on": "2025-01-01"}
    assert users["lead"].post("/api/v1/coalitions/ke/members", member).status_code == 201
    [joined] = [r for r in rows(users["viewer"], "timeline") if r["kind"].endswith("joined")]
    assert joined["title"] == f"'{text} joined Kenya SDGs Forum"


def test_cells_defuse_every_formula_start_and_leave_the_rest() -> None:
    assert [cell(v) for v in ("=1", "+1", "-1", "@a", "\t=1", "\r=1")] == [
        "'=1", "'+1", "'-1", "'@a", "'\t=1", "'\r=1"
    ]  # fmt: skip
    assert [cell(v) for v in ("a=1", "1-2", None, True, ["-a", "b"], ["b", "=c"])] == [
        "a=1", "1-2", "", "true", "'-a; b", "b; '=c"
    ]  # fmt: skip


def test_a_defused_cell_gives_back_exactly_what_was_written() -> None:
    texts = ["=1", "'=1", "''-2", "'quoted'", "plain", "@a", "'"]
    assert [cell(t) for t in texts] == ["'=1", "''=1", "'''-2", "'quoted'", "plain", "'@a", "'"]
    assert [undefused(cell(t)) for t in texts] == texts


def test_the_command_writes_the_same_csv_as_the_api_for_an_admin(
    app: Flask, users: dict[str, Caller], story: Story, tmp_path: object
) -> None:
    for name in EXPORTS:
        web = users["admin"].get(f"/api/v1/exports/{name}.csv?coalition=ke").get_data()
        out = io.StringIO(newline="")
        with app.app_context():
            assert export_command(services(), name, coalition="ke", out=out) == 0
        assert out.getvalue().encode("utf-8") == web, name


def test_the_command_refuses_an_unknown_coalition_or_export(app: Flask, story: Story) -> None:
    err = io.StringIO()
    with app.app_context():
        assert export_command(services(), "commitments", coalition="zz", err=err) == 1
        assert export_command(services(), "people", err=err) == 1
    assert "no coalition 'zz'" in err.getvalue() and "no export named 'people'" in err.getvalue()


def test_an_unknown_export_is_a_404_and_a_bad_query_a_422(users: dict[str, Caller]) -> None:
    assert users["viewer"].get("/api/v1/exports/people.csv").status_code == 404
    response = users["viewer"].get("/api/v1/exports/commitments.csv?coalition=zz")
    assert response.status_code == 422 and list(response.get_json()["errors"]) == ["coalition"]
    assert users["anonymous"].get("/api/v1/exports/commitments.csv").status_code == 401
