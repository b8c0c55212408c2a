"""What a person types into each form, valid unless a test changes a field."""

from __future__ import annotations

from typing import Any


def evidence(**changes: Any) -> dict[str, Any]:
    """The evidence form, filled in."""
    return {
        "title": "Water point scorecard, Kibwezi ward",
        "summary": "Households rated the ward's water points.",
        "method": "community_scorecard",
        "collected_from": "2025-02-01",
        "collected_to": "2025-03-15",
        "locations": "Kibwezi ward, Makueni County\nMtito Andei",
        "sample_size": "240",
        "sampling": "Every household near four water points",
        "groups": "women, persons with disabilities",
        "disaggregation": ["sex", "disability"],
        "participation_level": "4",
        "value_chain_stages": "collection, analysis",
        "producers": "Kibwezi water users' association",
        "consent.obtained": "on",
        "consent.kind": "verbal",
        "sensitivity": "public",
        "sdg_targets": "6.1, 5.5",
        "link": "",
        "occurred_on": "2025-03-20",
        **changes,
    }


def dialogue(**changes: Any) -> dict[str, Any]:
    """The dialogue form with two commitments and one decision maker, filled in."""
    return {
        "title": "Ward water committee meeting",
        "occurred_on": "2025-04-02",
        "level": "local",
        "format": "meeting",
        "summary": "The scorecard was presented.",
        "decision_makers.0.institution": "Kibwezi ward administration",
        "decision_makers.0.role": "Ward administrator",
        "decision_makers.0.name": "",
        "participants.total": "31",
        "participants.by_group": "women: 18\nyouth: 6",
        "commitments.0.text": "Repair the two broken water points",
        "commitments.0.made_by.institution": "Kibwezi ward administration",
        "commitments.0.made_by.role": "Ward administrator",
        "commitments.0.due_on": "2025-06-30",
        "commitments.0.groups": "women",
        "commitments.0.sdg_targets": "6.1",
        "commitments.1.text": "Publish water point budgets on the notice board",
        "commitments.1.made_by.institution": "Kibwezi ward administration",
        "commitments.1.made_by.role": "",
        "commitments.1.due_on": "",
        "commitments.1.groups": "women, youth",
        "commitments.1.sdg_targets": "16.10, 6.b",
        **changes,
    }


def outcome(**changes: Any) -> dict[str, Any]:
    """The outcome form, filled in (linked to nothing unless `links.*` are given)."""
    return {
        "description": "Forums held in every village of the ward",
        "social_actor": "Makueni County, public participation directorate",
        "change_type": "practice",
        "stage": "implementation",
        "significance": "",
        "contribution": "The coalition asked for it at the hearing.",
        "occurred_on": "2025-11-01",
        **changes,
    }
