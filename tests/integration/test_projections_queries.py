"""Each query's answer on a small story built here, checked against values worked out by hand.

The story (dates in brackets are `occurred_on`):

    ke: E1 (2024-01-10, confidential) -> I1 (2024-02-15) -> D1 hearing, subnational
        (2024-03-01) -> C1 (due 2024-12-31), C2 (due 2025-06-30, corrected to 2025-03-31),
        C3 (no due date); C1 -> L1 (KES, 2024/25, no date of its own); O1 (2024-11-20)
        follows E1, C1 and L1.
    vn: E2 (2024-02-01) -> I2 (2024-02-20) -> D2 roundtable, national (2023-12-15, before
        the input it presents: an anomaly) -> C5 (due 2025-01-31) -> L2 (VND, 2025,
        2024-12-01); C4 made outside a dialogue (2024-05-01, due 2024-09-30).

    C1 in progress 2024-04-01, fulfilled 2024-10-01; C2 stalled 2024-06-01; C3 withdrawn
    2024-07-01; C4 not fulfilled 2024-10-15; C5 still as made.
    L1: spent 300000 (2024-06-20, its earliest amount: the line's date), proposed 1500000
    (06-25), allocated 1000000.50 (07-01), then 999 (07-15, older than the next one, so
    never the figure), allocated 1200000 (08-01), released 900000.25 (09-01).
    L2: allocated 5000000 (2024-12-05).

Asked on 2025-04-15: C2 (stalled, due 2025-03-31) is 15 days overdue, C5 (made, due
2025-01-31) 74 days; C1, C3 and C4 are closed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest

from projections import queries
from tracker.application import Tracker
from tracker.composition import Services
from tracker.demo import load_demo

TODAY = date(2025, 4, 15)
LEAD = "lead-ke"
MAKUENI = {"institution": "Makueni County Government", "role": "Executive"}


@dataclass
class Story:
    ids: dict[str, UUID]

    def __getitem__(self, name: str) -> str:
        return str(self.ids[name])


def evidence(t: Tracker, coalition: str, title: str, on: date, sensitivity: str) -> UUID:
    return t.record_evidence(
        coalition=coalition, title=title, summary="", method="participatory_forum",
        collected_from=date(2023, 6, 1), collected_to=date(2023, 7, 1), sample_size=17,
        groups=["women farmers"], disaggregation=["sex"], participation_level=5,
        producers=["CBO"], consent={"obtained": True, "kind": "community"},
        sensitivity=sensitivity, sdg_targets=["5.5"], occurred_on=on, recorded_by=LEAD,
    ).id  # fmt: skip


def dialogue(
    t: Tracker, coalition: str, title: str, on: date, level: str, inputs: list[UUID],
    commitments: list[dict[str, Any]], format: str = "hearing",
) -> tuple[UUID, tuple[UUID, ...]]:  # fmt: skip
    saved = t.log_dialogue(
        coalition=coalition, title=title, occurred_on=on, level=level, format=format,
        decision_makers=[{"name": "A. Official", "role": "Chair", "institution": "County"}],
        participants={"total": 20, "by_group": {"women": 12}}, advocacy_inputs=inputs,
        summary="", recorded_by=LEAD, commitments=commitments,
    )  # fmt: skip
    return saved.id, saved.commitments


def commitment(text: str, due_on: date | None, made_by: dict[str, str] = MAKUENI) -> dict[str, Any]:
    return {"text": text, "made_by": made_by, "due_on": due_on, "groups": ["women"],
            "sdg_targets": ["13.1"]}  # fmt: skip


def progress(t: Tracker, commitment_id: UUID, status: str, on: date) -> None:
    t.report_progress(commitment_id, status=status, completion="limited", note="",
                      evidence=[], recorded_by=LEAD, occurred_on=on)  # fmt: skip


def amount(t: Tracker, line: UUID, stage: str, value: str, on: date) -> None:
    t.record_budget_amount(line, stage=stage, amount=Decimal(value), source="Treasury",
                           recorded_by=LEAD, occurred_on=on)  # fmt: skip


@pytest.fixture
def story(services: Services) -> Story:
    t, ids = services.tracker, {}
    t.register_coalition(code="ke", name="Kenya coalition", country="KE", recorded_by=LEAD,
                         occurred_on=date(2023, 1, 1))  # fmt: skip
    t.register_coalition(code="vn", name="Vietnam coalition", country="VN", recorded_by=LEAD,
                         occurred_on=date(2023, 1, 2))  # fmt: skip
    ids["E1"] = evidence(t, "ke", "Ngiluni action plans", date(2024, 1, 10), "confidential")
    ids["E2"] = evidence(t, "vn", "Citizen data cycle", date(2024, 2, 1), "public")
    ids["I1"] = t.submit_advocacy_input(
        coalition="ke", kind="submission", title="Budget submission", asks=["fund it"],
        evidence=[ids["E1"]], targets=["County"], occurred_on=date(2024, 2, 15),
        recorded_by=LEAD,
    ).id  # fmt: skip
    ids["I2"] = t.submit_advocacy_input(
        coalition="vn", kind="report_launch", title="Citizen data report", asks=["use it"],
        evidence=[ids["E2"]], targets=["GSO"], occurred_on=date(2024, 2, 20), recorded_by=LEAD,
    ).id  # fmt: skip
    ids["D1"], (ids["C1"], ids["C2"], ids["C3"]) = dialogue(
        t, "ke", "County budget hearing", date(2024, 3, 1), "subnational", [ids["I1"]],
        [commitment("Reflect priorities", date(2024, 12, 31)),
         commitment("Climate committees", date(2025, 6, 30)),
         commitment("Seedlings", None)],
    )  # fmt: skip
    ids["D2"], (ids["C5"],) = dialogue(
        t, "vn", "Dialogue with the GSO", date(2023, 12, 15), "national", [ids["I2"]],
        [commitment("Recognise citizen data", date(2025, 1, 31),
                    {"institution": "General Statistics Office", "role": "Deputy"})],
        format="roundtable",
    )  # fmt: skip
    ids["C4"] = t.make_commitment(
        coalition="vn", occurred_on=date(2024, 5, 1), recorded_by=LEAD,
        **commitment("Publish the guide", date(2024, 9, 30), {"institution": "Ministry",
                                                               "role": "Minister"}),
    ).id  # fmt: skip
    progress(t, ids["C1"], "in_progress", date(2024, 4, 1))
    progress(t, ids["C1"], "fulfilled", date(2024, 10, 1))
    progress(t, ids["C2"], "stalled", date(2024, 6, 1))
    progress(t, ids["C3"], "withdrawn", date(2024, 7, 1))
    progress(t, ids["C4"], "not_fulfilled", date(2024, 10, 15))
    ids["L1"] = t.identify_budget_line(
        coalition="ke", commitments=[ids["C1"]], government="Makueni County",
        level="subnational", fiscal_year="2024/25", programme="Farm inputs", currency="KES",
        groups=["women farmers"], recorded_by=LEAD,
    ).id  # fmt: skip
    amount(t, ids["L1"], "spent", "300000", date(2024, 6, 20))
    amount(t, ids["L1"], "proposed", "1500000", date(2024, 6, 25))
    amount(t, ids["L1"], "allocated", "1000000.50", date(2024, 7, 1))
    amount(t, ids["L1"], "allocated", "1200000", date(2024, 8, 1))
    amount(t, ids["L1"], "allocated", "999", date(2024, 7, 15))
    amount(t, ids["L1"], "released", "900000.25", date(2024, 9, 1))
    ids["L2"] = t.identify_budget_line(
        coalition="vn", commitments=[ids["C5"]], government="Viet Nam", level="national",
        fiscal_year="2025", programme="Statistics", currency="VND", groups=[],
        occurred_on=date(2024, 12, 1), recorded_by=LEAD,
    ).id  # fmt: skip
    amount(t, ids["L2"], "allocated", "5000000", date(2024, 12, 5))
    ids["O1"] = t.harvest_outcome(
        coalition="ke", description="Women hold 42% of committee seats", social_actor="County",
        change_type="institutional", stage="implementation", significance="", contribution="",
        links={"evidence": [ids["E1"]], "commitments": [ids["C1"]], "budget_lines": [ids["L1"]]},
        occurred_on=date(2024, 11, 20), recorded_by=LEAD,
    ).id  # fmt: skip
    t.correct("commitment", ids["C2"], changes={"due_on": date(2025, 3, 31)}, reason="typo",
              recorded_by=LEAD, occurred_on=date(2024, 6, 2))  # fmt: skip
    t.link_evidence(ids["I1"], ids["E2"], recorded_by=LEAD, occurred_on=date(2024, 2, 16))
    t.unlink_evidence(ids["I1"], ids["E2"], recorded_by=LEAD, occurred_on=date(2024, 2, 17))
    return Story(ids)


def ids_of(page: dict[str, Any]) -> list[str]:
    return [item["id"] for item in page["items"]]


# -- commitments ------------------------------------------------------------------------------


def test_commitments_come_oldest_made_first_with_overdue_for_the_day_asked(
    services: Services, story: Story
) -> None:
    page = queries.commitments(services.engine, today=TODAY)
    assert page["total"] == 5 and page["page"] == 1 and page["per_page"] == 50
    assert ids_of(page) == [story[c] for c in ("C5", "C1", "C2", "C3", "C4")]
    c5, c1, c2 = page["items"][:3]
    assert (c5["overdue"], c5["days_overdue"], c5["status"]) == (True, 74, "made")
    assert (c2["overdue"], c2["days_overdue"], c2["due_on"]) == (True, 15, date(2025, 3, 31))
    assert c1["status_dates"] == {
        "made": date(2024, 3, 1), "in_progress": date(2024, 4, 1),
        "fulfilled": date(2024, 10, 1),
    }  # fmt: skip
    assert c1["made_by"] == MAKUENI and c1["level"] == "subnational"
    assert c1["coalition"] == "ke" and c1["dialogue"] == story["D1"]
    assert page["items"][4]["level"] is None  # C4 was made outside any dialogue


def test_commitments_filter_by_overdue_status_coalition_level_and_year(
    services: Services, story: Story
) -> None:
    def ask(page: int = 1, per_page: int = 50, **filters: Any) -> dict[str, Any]:
        return queries.commitments(services.engine, filters, page, per_page, today=TODAY)

    late = ask(overdue=True)
    assert (ids_of(late), late["total"]) == ([story["C5"], story["C2"]], 2)
    on_time = ask(overdue=False)
    assert (ids_of(on_time), on_time["total"]) == ([story[c] for c in ("C1", "C3", "C4")], 3)
    assert ids_of(ask(status="stalled")) == [story["C2"]]
    second = ask(page=2, per_page=2, coalition="ke")
    assert (ids_of(second), second["total"]) == ([story["C3"]], 3)
    assert ids_of(ask(level="national")) == [story["C5"]]
    assert ids_of(ask(year=2023)) == [story["C5"]]
    assert ask(coalition="vn", overdue=True, status="made")["total"] == 1
    assert ask(coalition="ke", year=2023)["total"] == 0
    with pytest.raises(ValueError):
        ask(per_page=201)


def test_a_commitments_budget_lines_are_listed(services: Services, story: Story) -> None:
    assert queries.budget_lines_of(services.engine, story.ids["C1"]) == [story["L1"]]
    assert queries.budget_lines_of(services.engine, story.ids["C2"]) == []


# -- fulfilment -------------------------------------------------------------------------------


def test_fulfilment_counts_rates_and_budgets_worked_out_by_hand(
    services: Services, story: Story
) -> None:
    answer = queries.fulfilment(services.engine, today=TODAY)
    assert answer["counts"] == {
        "made": 1, "in_progress": 0, "stalled": 1, "fulfilled": 1,
        "partially_fulfilled": 0, "not_fulfilled": 1, "withdrawn": 1,
    }  # fmt: skip
    assert (answer["total"], answer["overdue"], answer["fulfilment_rate"]) == (5, 2, 0.25)
    ke, vn = answer["by_coalition"]["ke"], answer["by_coalition"]["vn"]
    assert (ke["total"], ke["overdue"], ke["fulfilment_rate"]) == (3, 1, 0.5)
    assert (vn["total"], vn["overdue"], vn["fulfilment_rate"]) == (2, 1, 0.0)
    levels = {name: (t["total"], t["overdue"]) for name, t in answer["by_level"].items()}
    assert levels == {"national": (1, 1), "subnational": (3, 1), "unspecified": (1, 0)}
    assert answer["budget"] == {
        "KES": {
            "proposed": "1500000.00", "allocated": "1200000.00", "released": "900000.25",
            "spent": "300000.00", "release_rate": 0.75, "execution_rate": 0.3333,
        },
        "VND": {
            "proposed": "0.00", "allocated": "5000000.00", "released": "0.00", "spent": "0.00",
            "release_rate": 0.0, "execution_rate": None,
        },
    }  # fmt: skip


def test_fulfilment_filtered_by_year_coalition_and_level(services: Services, story: Story) -> None:
    made_2024 = queries.fulfilment(services.engine, year=2024, today=TODAY)
    assert (made_2024["total"], made_2024["overdue"]) == (4, 1)
    assert made_2024["fulfilment_rate"] == 0.3333  # 1 fulfilled of 4 - 1 withdrawn
    assert list(made_2024["budget"]) == ["KES"]  # L1's fiscal year starts in 2024
    vn = queries.fulfilment(services.engine, coalition="vn", today=TODAY)
    assert (vn["total"], vn["counts"]["not_fulfilled"], vn["counts"]["made"]) == (2, 1, 1)
    assert list(vn["by_coalition"]) == ["vn"] and list(vn["budget"]) == ["VND"]
    local = queries.fulfilment(services.engine, level="subnational", today=TODAY)
    assert (local["total"], local["fulfilment_rate"], list(local["budget"])) == (3, 0.5, ["KES"])
    nothing = queries.fulfilment(services.engine, year=2019, today=TODAY)
    assert (nothing["total"], nothing["fulfilment_rate"], nothing["budget"]) == (0, None, {})


# -- timeline ---------------------------------------------------------------------------------


def test_the_timeline_tells_what_happened_in_order_in_sentences(
    services: Services, story: Story
) -> None:
    page = queries.timeline(services.engine, "ke", date(2024, 3, 1), date(2024, 4, 30))
    assert page["total"] == 5
    assert [(e["occurred_on"], e["kind"], e["title"]) for e in page["items"]] == [
        (date(2024, 3, 1), "dialogue.held", "Hearing “County budget hearing” held"),
        (date(2024, 3, 1), "commitment.made",
         "Commitment “Reflect priorities” by Makueni County Government made"),
        (date(2024, 3, 1), "commitment.made",
         "Commitment “Climate committees” by Makueni County Government made"),
        (date(2024, 3, 1), "commitment.made",
         "Commitment “Seedlings” by Makueni County Government made"),
        (date(2024, 4, 1), "commitment.progress_reported",
         "Commitment “Reflect priorities” by Makueni County Government reported in progress"),
    ]  # fmt: skip
    first = page["items"][0]
    assert first["ref"] == {"type": "dialogues", "id": story["D1"]}
    assert (first["recorded_by"], first["correction"], first["coalition"]) == (LEAD, False, "ke")
    assert first["recorded_at"].tzinfo is UTC  # SQLite keeps it without: the query adds it


def test_the_timeline_marks_corrections_and_carries_evidence_sensitivity(
    services: Services, story: Story
) -> None:
    june = queries.timeline(services.engine, "ke", date(2024, 6, 1), date(2024, 6, 30))
    assert [(e["occurred_on"], e["title"], e["correction"]) for e in june["items"]] == [
        (date(2024, 6, 1),
         "Commitment “Climate committees” by Makueni County Government reported stalled", False),
        (date(2024, 6, 2),
         "Commitment “Climate committees” by Makueni County Government corrected (due on)", True),
        (date(2024, 6, 20), "KES 300,000 spent for budget line “Farm inputs”", False),
        (date(2024, 6, 25), "KES 1,500,000 proposed for budget line “Farm inputs”", False),
    ]  # fmt: skip
    january = queries.timeline(services.engine, "ke", date(2024, 1, 1), date(2024, 1, 31))
    (recorded,) = january["items"]
    assert recorded["title"] == "Evidence “Ngiluni action plans” recorded"
    assert recorded["sensitivity"] == "confidential"


def test_the_timeline_pages_both_ways(services: Services, story: Story) -> None:
    everything = queries.timeline(services.engine, per_page=200)
    assert everything["total"] == len(everything["items"]) == 31
    newest = queries.timeline(services.engine, order="desc", per_page=3)
    assert newest["items"] == list(reversed(everything["items"]))[:3]
    second = queries.timeline(services.engine, "vn", page=2, per_page=2)
    vn = queries.timeline(services.engine, "vn", per_page=200)["items"]
    assert second["items"] == vn[2:4] and second["total"] == len(vn) == 9


# -- impact chains ----------------------------------------------------------------------------


def test_an_outcomes_chain_has_every_upstream_link_in_story_order(
    services: Services, story: Story
) -> None:
    chain = queries.impact_chain(services.engine, story.ids["O1"])
    assert chain is not None
    s = story
    assert chain["root"] == {"type": "outcomes", "id": s["O1"]}
    assert [(n["type"], n["id"], n["occurred_on"]) for n in chain["nodes"]] == [
        ("evidence", s["E1"], date(2024, 1, 10)),
        ("advocacy-inputs", s["I1"], date(2024, 2, 15)),
        ("dialogues", s["D1"], date(2024, 3, 1)),
        ("commitments", s["C1"], date(2024, 3, 1)),
        ("budget-lines", s["L1"], date(2024, 6, 20)),  # no date of its own: its earliest amount
        ("outcomes", s["O1"], date(2024, 11, 20)),
    ]
    assert [(e["from"], e["to"], e["relation"]) for e in chain["edges"]] == [
        (s["E1"], s["I1"], "informed"),
        (s["E1"], s["O1"], "contributed_to"),
        (s["I1"], s["D1"], "presented_at"),
        (s["D1"], s["C1"], "produced"),
        (s["C1"], s["L1"], "funded_by"),
        (s["C1"], s["O1"], "contributed_to"),
        (s["L1"], s["O1"], "contributed_to"),
    ]  # E2 was linked to I1 and unlinked again: not in the chain
    assert (chain["chronology_ok"], chain["anomalies"]) == (True, [])
    assert chain["nodes"][0]["sensitivity"] == "confidential"
    assert chain["nodes"][0]["recorded_by"] == LEAD


def test_a_chain_flags_an_effect_dated_before_its_cause(services: Services, story: Story) -> None:
    chain = queries.impact_chain(services.engine, story["C5"])
    assert chain is not None
    s = story
    assert [n["id"] for n in chain["nodes"]] == [s["E2"], s["I2"], s["D2"], s["C5"], s["L2"]]
    assert chain["chronology_ok"] is False
    assert chain["anomalies"] == [
        {
            "from": s["I2"],
            "to": s["D2"],
            "reason": "the dialogue is dated 2023-12-15, before the advocacy input it follows "
            "from (2024-02-20)",
        }
    ]


def test_a_chain_through_a_dialogue_runs_both_ways_but_not_sideways(
    services: Services, story: Story
) -> None:
    chain = queries.impact_chain(services.engine, story["D1"])
    assert chain is not None
    s = story
    assert {n["id"] for n in chain["nodes"]} == {
        s[k] for k in ("E1", "I1", "D1", "C1", "C2", "C3", "L1", "O1")
    }
    assert (s["E1"], s["O1"]) not in {(e["from"], e["to"]) for e in chain["edges"]}
    assert len(chain["edges"]) == 8
    assert queries.impact_chain(services.engine, UUID(int=1)) is None


# -- audit ------------------------------------------------------------------------------------


def test_the_audit_shows_the_whole_history_and_the_record_as_known_then(
    services: Services, story: Story
) -> None:
    now = queries.audit(services.tracker, "commitments", story["C2"])
    assert [h["type"] for h in now["history"]] == [
        "commitment.made", "commitment.progress_reported", "commitment.corrected"
    ]  # fmt: skip
    assert all(h["known"] for h in now["history"])
    assert (now["kind"], now["version"], now["state"]["due_on"]) == ("commitments", 3, "2025-03-31")
    stalled = now["history"][1]
    assert (stalled["occurred_on"], stalled["recorded_by"]) == (date(2024, 6, 1), LEAD)
    assert stalled["data"] == {
        "status": "stalled", "completion": "limited", "note": "", "evidence": []
    }  # fmt: skip

    then = queries.audit(services.tracker, "commitment", story["C2"], stalled["recorded_at"])
    assert [h["known"] for h in then["history"]] == [True, True, False]
    assert then["version"] == 2 and then["state"]["status"] == "stalled"
    assert then["state"]["due_on"] == "2025-06-30"  # before the correction was recorded

    before = queries.audit(services.tracker, "commitments", story["C2"], date(2020, 1, 1))
    assert before["state"] is None and before["version"] is None
    assert before["as_known_on"] == datetime(2020, 1, 1, 23, 59, 59, 999999, tzinfo=UTC)
    assert not any(h["known"] for h in before["history"])
    assert queries.audit(services.tracker, "coalitions", "ke")["state"]["code"] == "ke"


# -- the demo's worked examples ---------------------------------------------------------------


@pytest.fixture
def demo(services: Services) -> dict[str, str]:
    load_demo(services.tracker, lambda _: None)

    def find(kind: str, key: str) -> str:
        found = services.tracker.find_by_external_ref(kind, "demo", key)
        assert found is not None, key
        return str(found)

    keys = {
        "evidence": ("evidence", "ke-evidence-forums"),
        "input": ("advocacy_input", "ke-input-budget-submission"),
        "hearing": ("dialogue", "ke-dialogue-budget-hearing"),
        "priorities": ("commitment", "ke-commitment-budget-priorities"),
        "seedlings": ("commitment", "ke-commitment-seedlings"),
        "forums": ("commitment", "ke-commitment-village-forums"),
        "line": ("budget_line", "ke-budget-seedlings"),
        "outcome": ("outcome", "ke-outcome-seedlings"),
    }
    return {name: find(*key) for name, key in keys.items()}


def test_the_kenya_seedlings_chain_links_in_order(services: Services, demo: dict[str, str]) -> None:
    chain = queries.impact_chain(services.engine, demo["outcome"])
    assert chain is not None
    ev, inp, hear, pri, seed, line, out = (
        demo[k] for k in ("evidence", "input", "hearing", "priorities", "seedlings", "line",
                          "outcome")
    )  # fmt: skip
    assert [n["id"] for n in chain["nodes"]] == [ev, inp, hear, pri, seed, line, out]
    assert [(e["from"], e["to"], e["relation"]) for e in chain["edges"]] == [
        (ev, inp, "informed"), (ev, out, "contributed_to"),
        (inp, hear, "presented_at"), (inp, out, "contributed_to"),
        (hear, pri, "produced"), (hear, seed, "produced"), (hear, out, "contributed_to"),
        (pri, line, "funded_by"), (pri, out, "contributed_to"),
        (seed, line, "funded_by"), (seed, out, "contributed_to"),
        (line, out, "contributed_to"),
    ]  # fmt: skip
    assert [n["occurred_on"] for n in chain["nodes"]] == [
        date(2023, 8, 10), date(2024, 2, 20), date(2024, 3, 14), date(2024, 3, 14),
        date(2024, 3, 14), date(2024, 4, 30), date(2025, 4, 30),
    ]  # fmt: skip
    assert chain["chronology_ok"] is True


def test_the_demos_fulfilment_worked_out_by_hand(services: Services, demo: dict[str, str]) -> None:
    answer = queries.fulfilment(services.engine, today=date(2026, 11, 25))
    ke = answer["by_coalition"]["ke"]
    # fulfilled: budget priorities, climate committees; partially: seedlings; in progress:
    # village forums, due 2026-03-31 and so overdue.
    assert (ke["counts"]["fulfilled"], ke["counts"]["partially_fulfilled"]) == (2, 1)
    assert (ke["total"], ke["overdue"], ke["fulfilment_rate"]) == (4, 1, 0.5)
    assert answer["by_level"]["subnational"]["fulfilment_rate"] == 0.6667
    assert answer["budget"]["KES"] == {
        "proposed": "2500000.00", "allocated": "2000000.00", "released": "1600000.00",
        "spent": "1400000.00", "release_rate": 0.8, "execution_rate": 0.875,
    }  # fmt: skip
    late = queries.commitments(
        services.engine, {"coalition": "ke", "overdue": True}, today=date(2026, 11, 25)
    )
    assert ids_of(late) == [demo["forums"]] and late["items"][0]["days_overdue"] == 239


def test_the_demos_timeline_of_the_budget_hearing(services: Services, demo: dict[str, str]) -> None:
    page = queries.timeline(services.engine, "ke", date(2024, 3, 14), date(2024, 4, 30))
    assert [(e["occurred_on"], e["kind"]) for e in page["items"]] == [
        (date(2024, 3, 14), "dialogue.held"),
        (date(2024, 3, 14), "commitment.made"),
        (date(2024, 3, 14), "commitment.made"),
        (date(2024, 3, 14), "commitment.made"),
        (date(2024, 3, 28), "dialogue.follow_up_recorded"),
        (date(2024, 4, 30), "commitment.progress_reported"),
        (date(2024, 4, 30), "budget_line.identified"),
        (date(2024, 4, 30), "budget_line.amount_recorded"),
    ]
    assert page["items"][-1]["title"] == (
        "KES 2,500,000.00 proposed for budget line "
        "“Agriculture: farm inputs and agroforestry, Ngiluni ward projects”"
    )
