"""Valid request bodies of each write, to be varied by the tests that break them."""

from __future__ import annotations

from typing import Any


def coalition(code: str = "ke", name: str = "Kenya SDGs Forum") -> dict[str, Any]:
    return {"code": code, "name": name, "country": "KE"}


def evidence(coalition: str = "ke", **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "coalition": coalition,
        "title": "Ngiluni community action plans",
        "method": "participatory_forum",
        "collected_from": "2024-10-01",
        "collected_to": "2024-10-31",
        "sample_size": 17,
        "groups": ["women farmers"],
        "disaggregation": ["sex", "age"],
        "participation_level": 4,
        "producers": ["Ngiluni CBO"],
        "consent": {"obtained": True, "kind": "community"},
        "sensitivity": "public",
        "sdg_targets": ["5.5", "13.1"],
        "summary": "Village priorities from participatory forums.",
        "occurred_on": "2024-11-01",
    }
    return body | changes


def advocacy_input(coalition: str = "ke", evidence_ids: list[str] | None = None) -> dict[str, Any]:
    return {
        "coalition": coalition,
        "kind": "position_paper",
        "title": "Village priorities for the county budget",
        "asks": ["fund the climate change committees"],
        "evidence": evidence_ids or [],
        "targets": ["Makueni County Assembly"],
        "occurred_on": "2024-12-01",
    }


def commitment_in_dialogue(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "text": "Reflect village priorities in the 2025/26 budget",
        "made_by": {"institution": "Makueni County", "role": "Finance officer"},
        "due_on": "2025-06-30",
        "groups": ["women", "youth"],
        "sdg_targets": ["5.5"],
    }
    return body | changes


def dialogue(coalition: str = "ke", commitments: list[dict[str, Any]] | None = None) -> dict:
    return {
        "coalition": coalition,
        "title": "County budget hearing",
        "occurred_on": "2025-01-15",
        "level": "subnational",
        "format": "hearing",
        "decision_makers": [
            {"name": "A. Mutua", "role": "Finance officer", "institution": "Makueni County"}
        ],
        "participants": {"total": 40, "by_group": {"women": 25, "youth": 10}},
        "advocacy_inputs": [],
        "summary": "",
        "commitments": [commitment_in_dialogue()] if commitments is None else commitments,
    }


def commitment(coalition: str = "ke", **changes: Any) -> dict[str, Any]:
    return commitment_in_dialogue(coalition=coalition, occurred_on="2025-01-20", **changes)


def progress(status: str = "in_progress", **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "status": status,
        "completion": "limited",
        "note": "first funds released",
        "evidence": [],
        "occurred_on": "2025-03-01",
    }
    return body | changes


def budget_line(coalition: str = "ke", commitment_ids: list[str] | None = None) -> dict:
    return {
        "coalition": coalition,
        "commitments": commitment_ids or [],
        "government": "Makueni County",
        "level": "subnational",
        "fiscal_year": "2025/26",
        "programme": "Climate change committees",
        "currency": "KES",
        "groups": ["women", "youth"],
    }


def amount(value: Any = "1250000.50", stage: str = "allocated") -> dict[str, Any]:
    return {"stage": stage, "amount": value, "occurred_on": "2025-02-01", "source": "budget"}


def outcome(coalition: str = "ke", **links: list[str]) -> dict[str, Any]:
    return {
        "coalition": coalition,
        "description": "Women and youth are over 40% of new climate change committees",
        "social_actor": "Makueni County",
        "change_type": "institutional",
        "stage": "implementation",
        "significance": "",
        "contribution": "forums and position paper",
        "occurred_on": "2025-04-30",
        "links": links,
    }
