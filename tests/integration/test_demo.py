"""The demo loads DESIGN.md's worked examples as full chains, once, on every store.

`services` (tests/integration/conftest.py) opens the tracker on SQLite and on PostgreSQL.
"""

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest
from click.testing import CliRunner

from domain import BudgetLine, Coalition, Commitment, Evidence, Outcome
from tracker.application import Tracker
from tracker.cli import main
from tracker.composition import Services
from tracker.demo import DEMO_ACCOUNTS, demo_user_id, load_demo

DAY_OF_WRITING = date(2026, 11, 25)


def demo_id(tracker: Tracker, kind: str, key: str) -> UUID:
    found = tracker.find_by_external_ref(kind, "demo", key)
    assert found is not None, f"no demo {kind} {key}"
    return found


def demo_record(tracker: Tracker, kind: str, key: str) -> Any:
    return tracker.get(kind, demo_id(tracker, kind, key))


def event_count(tracker: Tracker) -> int:
    return tracker.recorder.max_notification_id() or 0


def test_the_kenya_outcome_links_back_to_every_step_of_its_chain(services: Services) -> None:
    tracker = services.tracker
    load_demo(tracker, lambda line: None)

    outcome = demo_record(tracker, "outcome", "ke-outcome-seedlings")
    assert isinstance(outcome, Outcome)
    assert outcome.links == {
        "evidence": [demo_id(tracker, "evidence", "ke-evidence-forums")],
        "advocacy_inputs": [demo_id(tracker, "advocacy_input", "ke-input-budget-submission")],
        "dialogues": [demo_id(tracker, "dialogue", "ke-dialogue-budget-hearing")],
        "commitments": [
            demo_id(tracker, "commitment", "ke-commitment-budget-priorities"),
            demo_id(tracker, "commitment", "ke-commitment-seedlings"),
        ],
        "budget_lines": [demo_id(tracker, "budget_line", "ke-budget-seedlings")],
    }
    assert outcome.substantiations[0]["verdict"] == "agree"
    assert outcome.substantiations[0]["by"] == demo_user_id("tomas")
    submission = demo_record(tracker, "advocacy_input", "ke-input-budget-submission")
    assert submission.evidence == outcome.links["evidence"]
    dialogue = demo_record(tracker, "dialogue", "ke-dialogue-budget-hearing")
    assert dialogue.advocacy_inputs == outcome.links["advocacy_inputs"]
    assert dialogue.level == "subnational"
    seedlings = demo_record(tracker, "commitment", "ke-commitment-seedlings")
    assert seedlings.dialogue == dialogue.id


def test_the_kenya_evidence_is_participatory_and_names_no_one(services: Services) -> None:
    tracker = services.tracker
    load_demo(tracker, lambda line: None)

    evidence = demo_record(tracker, "evidence", "ke-evidence-forums")
    assert isinstance(evidence, Evidence)
    assert evidence.coalition == tracker.coalition_id("ke")
    assert evidence.method == "participatory_forum"
    assert evidence.disaggregation == ["sex", "age", "location"]
    assert evidence.participation_level in (4, 5)
    assert evidence.consent == {"obtained": True, "kind": "community"}
    assert {"5.5", "13.1"} <= set(evidence.sdg_targets)
    assert evidence.recorded_by == demo_user_id("wanjiru")
    coalition = tracker.get("coalition", tracker.coalition_id("ke"))
    assert isinstance(coalition, Coalition)
    assert len(coalition.members) == 2


def test_commitments_end_in_the_statuses_the_story_tells(services: Services) -> None:
    tracker = services.tracker
    load_demo(tracker, lambda line: None)

    def commitment(key: str) -> Commitment:
        record = demo_record(tracker, "commitment", key)
        assert isinstance(record, Commitment)
        return record

    priorities = commitment("ke-commitment-budget-priorities")
    assert priorities.status == "fulfilled"
    assert priorities.review is not None and priorities.review["verdict"] == "confirmed"
    assert commitment("ke-commitment-climate-committees").status == "fulfilled"
    assert commitment("ke-commitment-seedlings").status == "partially_fulfilled"
    forums = commitment("ke-commitment-village-forums")
    assert forums.status == "in_progress"
    assert forums.dialogue is None
    assert forums.is_overdue(DAY_OF_WRITING)
    guidance = commitment("vn-commitment-gso-guidance")
    assert guidance.status == "in_progress"
    assert guidance.due_on == date(2026, 12, 31)
    assert not guidance.is_overdue(DAY_OF_WRITING)


def test_budget_amounts_are_decimals_in_kenyan_shillings(services: Services) -> None:
    tracker = services.tracker
    load_demo(tracker, lambda line: None)

    line = demo_record(tracker, "budget_line", "ke-budget-seedlings")
    assert isinstance(line, BudgetLine)
    assert line.currency == "KES"
    amounts = {stage: figure["amount"] for stage, figure in line.amounts.items()}
    assert amounts == {
        "proposed": Decimal("2500000.00"),
        "allocated": Decimal("2000000.00"),
        "released": Decimal("1600000.00"),
        "spent": Decimal("1400000.00"),
    }
    assert all(type(amount) is Decimal for amount in amounts.values())
    dates = [line.amounts[stage]["occurred_on"] for stage in amounts]
    assert dates == sorted(dates) and len(set(dates)) == 4


def test_the_vietnam_outcome_follows_two_data_cycles_and_a_dialogue(services: Services) -> None:
    tracker = services.tracker
    load_demo(tracker, lambda line: None)

    cycles = [demo_record(tracker, "evidence", f"vn-evidence-cycle-{y}") for y in (2022, 2024)]
    assert sum(cycle.sample_size for cycle in cycles) > 4400
    assert {cycle.method for cycle in cycles} == {"survey"}
    outcome = demo_record(tracker, "outcome", "vn-outcome-gso-guidance")
    assert (outcome.change_type, outcome.stage) == ("policy", "formulation")
    assert outcome.links["evidence"] == [cycle.id for cycle in cycles]
    reports = [demo_record(tracker, "advocacy_input", f"vn-input-report-{y}") for y in (2022, 2024)]
    assert {report.kind for report in reports} == {"report_launch"}
    assert all(report.evidence for report in reports)
    dialogue = demo_record(tracker, "dialogue", "vn-dialogue-gso")
    assert dialogue.level == "national"
    assert dialogue.decision_makers[0]["institution"] == "General Statistics Office of Viet Nam"
    assert outcome.links["dialogues"] == [dialogue.id]


def test_a_second_run_adds_nothing(services: Services) -> None:
    tracker = services.tracker
    lines: list[str] = []
    first = load_demo(tracker, lines.append)
    assert first.anything_new
    assert first.created["commitment"] == 5
    assert len(lines) == sum(first.created.values())
    events = event_count(tracker)

    again: list[str] = []
    second = load_demo(tracker, again.append)

    assert not second.anything_new
    assert set(second.created.values()) == {0}
    assert again == []
    assert event_count(tracker) == events


def test_a_run_stopped_half_way_completes_on_the_next(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    tracker = services.tracker
    original = tracker.report_progress
    calls = 0

    def failing_report_progress(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == 4:
            raise RuntimeError("the connection dropped")
        return original(*args, **kwargs)

    monkeypatch.setattr(tracker, "report_progress", failing_report_progress)
    with pytest.raises(RuntimeError):
        load_demo(tracker, lambda line: None)
    monkeypatch.undo()

    resumed = load_demo(tracker, lambda line: None)

    assert resumed.anything_new
    committees = demo_id(tracker, "commitment", "ke-commitment-climate-committees")
    assert [type(e).__name__ for e in tracker.history("commitment", committees)] == [
        "Made",
        "ProgressReported",
        "ProgressReported",
        "Reviewed",
    ]
    assert demo_record(tracker, "outcome", "vn-outcome-gso-guidance").stage == "formulation"
    assert not load_demo(tracker, lambda line: None).anything_new


def test_demo_accounts_have_fixed_ids_and_roles() -> None:
    roles = {account.name: account.role for account in DEMO_ACCOUNTS}
    assert roles == {
        "admin": "admin",
        "wanjiru": "coalition_lead",
        "linh": "coalition_lead",
        "amina": "executive",
        "tomas": "evaluator",
    }
    assert demo_user_id("wanjiru") == demo_user_id("wanjiru") != demo_user_id("linh")
    assert str(UUID(demo_user_id("amina"))) == demo_user_id("amina")


def test_the_demo_command_loads_once_then_says_so(database_url: str) -> None:
    runner = CliRunner()
    env = {"DATABASE_URL": database_url}

    first = runner.invoke(main, ["demo"], env=env)
    second = runner.invoke(main, ["demo"], env=env)
    summary = runner.invoke(main, ["summary"], env=env)

    assert first.exit_code == 0, first.output
    assert "ke-outcome-seedlings" in first.stdout
    assert "Demo loaded" in first.stdout
    assert second.exit_code == 0, second.output
    assert "already loaded" in second.stdout
    assert summary.exit_code == 0, summary.output
    assert "ke  Kenya" in summary.stdout
    assert "2 fulfilled, 1 partially fulfilled" in summary.stdout


def test_a_bad_database_url_is_an_error_message_not_a_traceback() -> None:
    result = CliRunner().invoke(main, ["demo"], env={"DATABASE_URL": "mysql://db/tracker"})

    assert result.exit_code == 1
    assert "DATABASE_URL" in result.stderr
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
