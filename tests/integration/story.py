"""A small advocacy story built through the use cases, shared by integration tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from tracker.application import Tracker

LEAD = "0b6a3c1e-1111-4c2b-9a55-000000000001"
EVALUATOR = "0b6a3c1e-1111-4c2b-9a55-000000000002"


def evidence_fields(**overrides: Any) -> dict[str, Any]:
    """A valid evidence record of the `ke` coalition."""
    return {
        "coalition": "ke",
        "title": "Community action plans, Ngiluni",
        "summary": "Priorities from participatory forums",
        "method": "participatory_forum",
        "collected_from": date(2024, 2, 1),
        "collected_to": date(2024, 3, 15),
        "sample_size": 17,
        "groups": ["women farmers"],
        "disaggregation": ["sex", "location"],
        "participation_level": 5,
        "producers": ["Ngiluni CBO"],
        "consent": {"obtained": True, "kind": "community"},
        "sensitivity": "public",
        "sdg_targets": ["5.5", "13.1"],
        "occurred_on": date(2024, 3, 20),
        "recorded_by": LEAD,
        **overrides,
    }


def commitment_fields(**overrides: Any) -> dict[str, Any]:
    """A valid commitment as listed in a dialogue."""
    return {
        "text": "Reflect village priorities in the county budget",
        "made_by": {"institution": "Makueni County Government", "role": "Executive"},
        "due_on": date(2025, 6, 30),
        "groups": ["women", "youth"],
        "sdg_targets": ["13.1"],
        **overrides,
    }


def dialogue_fields(advocacy_input: UUID | None = None, **overrides: Any) -> dict[str, Any]:
    """A valid county budget hearing, without its commitments."""
    return {
        "coalition": "ke",
        "title": "County budget hearing",
        "occurred_on": date(2024, 5, 10),
        "level": "subnational",
        "format": "hearing",
        "decision_makers": [
            {"name": "", "role": "CEC Member, Agriculture", "institution": "Makueni County"}
        ],
        "participants": {"total": 40, "by_group": {"women": 24, "youth": 9}},
        "advocacy_inputs": [advocacy_input] if advocacy_input else [],
        "summary": "Action plans presented",
        "recorded_by": LEAD,
        **overrides,
    }


@dataclass
class Story:
    """Ids of the records of the story."""

    coalition: UUID
    evidence: UUID
    advocacy_input: UUID
    dialogue: UUID
    commitments: tuple[UUID, ...]
    budget_line: UUID
    outcome: UUID

    @classmethod
    def told(cls, tracker: Tracker) -> Story:
        """Tell the story through the use cases, from evidence to outcome."""
        coalition = tracker.register_coalition(
            code="ke", name="Kenya", country="KE", recorded_by=LEAD, occurred_on=date(2024, 1, 5)
        ).id
        evidence = tracker.record_evidence(**evidence_fields()).id
        advocacy_input = tracker.submit_advocacy_input(
            coalition="ke",
            kind="submission",
            title="Community action plans for the county budget",
            asks=["Fund seedlings", "Seat women and youth on climate committees"],
            evidence=[evidence],
            targets=["Makueni County Assembly"],
            occurred_on=date(2024, 4, 2),
            recorded_by=LEAD,
        ).id
        dialogue = tracker.log_dialogue(
            **dialogue_fields(advocacy_input),
            commitments=[
                commitment_fields(),
                commitment_fields(text="Seat women and youth on climate committees"),
            ],
        )
        budget_line = tracker.identify_budget_line(
            coalition="ke",
            commitments=list(dialogue.commitments),
            government="Makueni County",
            level="subnational",
            fiscal_year="2024/25",
            programme="Climate change resilience",
            currency="KES",
            groups=["women"],
            recorded_by=LEAD,
        ).id
        tracker.record_budget_amount(
            budget_line,
            stage="allocated",
            amount=Decimal("2500000.00"),
            source="County budget estimates",
            occurred_on=date(2024, 7, 1),
            recorded_by=LEAD,
        )
        outcome = tracker.harvest_outcome(
            coalition="ke",
            description="Women and youth are over 40% of new climate change committees",
            social_actor="Makueni County Government",
            change_type="institutional",
            stage="implementation",
            significance="",
            contribution="Action plans presented at the budget hearing",
            occurred_on=date(2025, 2, 1),
            links={"evidence": [evidence], "commitments": [dialogue.commitments[1]]},
            recorded_by=LEAD,
        ).id
        return cls(
            coalition,
            evidence,
            advocacy_input,
            dialogue.id,
            dialogue.commitments,
            budget_line,
            outcome,
        )
