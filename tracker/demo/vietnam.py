"""The Vietnam worked example (DESIGN.md)."""

from __future__ import annotations

from datetime import date
from functools import partial

from tracker.demo.loader import (
    LINH,
    Loader,
    commitment,
    decision_maker,
    reports,
)


def load_vietnam(demo: Loader) -> None:
    """Two citizen data cycles lead to a dialogue with the General Statistics Office."""
    t = demo.tracker
    gso = "General Statistics Office of Viet Nam"
    network = "Network of social organisations for citizen data"
    vn = demo.coalition("vn", "Vietnam country coalition", "VN", [network], date(2022, 1, 10))
    cycles = [
        demo.record(
            "evidence",
            f"vn-evidence-cycle-{year}",
            f"Citizen data cycle {year}",
            t.record_evidence,
            coalition=vn,
            title=f"Citizen data cycle {year}: marginalised groups report on the SDGs",
            summary=(
                f"{people:,} people surveyed by 11 social organisations on services, income and"
                " participation; one of two cycles with over 4,400 people in all."
            ),
            method="survey",
            collected_from=start,
            collected_to=end,
            locations=["Viet Nam: northern uplands, Mekong Delta, Hanoi, Ho Chi Minh City"],
            sample_size=people,
            sampling="A quota sample of each group, drawn by the member organisations",
            groups=["ethnic minorities", "persons with disabilities", "migrant workers", "women"],
            disaggregation=["sex", "age", "disability", "ethnicity_or_caste", "migratory_status"],
            participation_level=4,
            value_chain_stages=["design", "collection", "analysis", "dissemination"],
            producers=["11 social organisations of the Vietnam coalition"],
            consent={"obtained": True, "kind": "verbal"},
            sensitivity="public",
            sdg_targets=["17.18", "1.4", "5.5", "10.2", "16.7"],
            link=None,
            occurred_on=recorded_on,
            recorded_by=LINH,
        )
        for year, people, start, end, recorded_on in (
            (2022, 2100, date(2022, 6, 1), date(2022, 9, 30), date(2022, 10, 14)),
            (2024, 2350, date(2024, 5, 6), date(2024, 8, 30), date(2024, 9, 16)),
        )
    ]
    inputs = [
        demo.record(
            "advocacy_input",
            key,
            title,
            t.submit_advocacy_input,
            coalition=vn,
            kind=kind,
            title=title,
            asks=["Recognise citizen data as a complementary source for SDG monitoring"],
            evidence=evidence,
            targets=[gso],
            occurred_on=on,
            recorded_by=LINH,
        )
        for key, kind, title, on, evidence in (
            (
                "vn-input-report-2022",
                "report_launch",
                "National citizen data report 2022",
                date(2022, 12, 8),
                cycles[:1],
            ),
            (
                "vn-input-report-2024",
                "report_launch",
                "National citizen data report 2024",
                date(2024, 11, 28),
                cycles,
            ),
            (
                "vn-input-practical-guide",
                "other",
                "Practical guide to producing citizen data",
                date(2024, 12, 12),
                cycles,
            ),
        )
    ]
    title = "Policy dialogue with the General Statistics Office on citizen data"
    dialogue, (guidance,) = demo.dialogue(
        "vn-dialogue-gso",
        title,
        {
            "vn-commitment-gso-guidance": commitment(
                "Recognise citizen data in the guidance on data sources for SDG indicators",
                gso,
                "Deputy Director General",
                date(2025, 12, 31),
                ["ethnic minorities", "persons with disabilities"],
                ["17.18"],
            )
        },
        coalition=vn,
        title=title,
        level="national",
        format="roundtable",
        decision_makers=[decision_maker("Deputy Director General for SDG statistics", gso)],
        participants={
            "total": 38,
            "by_group": {"social organisations": 18, "statistics officials": 12, "partners": 8},
        },
        advocacy_inputs=inputs,
        summary="Both reports and the guide were presented; the GSO made one commitment.",
        occurred_on=date(2025, 1, 16),
        recorded_by=LINH,
    )
    demo.follow_ons(
        "commitment",
        guidance,
        *reports(
            t,
            LINH,
            ("in_progress", "limited", date(2025, 6, 20), "Coalition asked to comment a draft."),
        ),
        partial(
            t.change_due_date,
            due_on=date(2026, 12, 31),
            reason="The guidance moved with the reorganisation of the statistics office.",
            occurred_on=date(2025, 11, 20),
            recorded_by=LINH,
        ),
    )
    demo.record(
        "outcome",
        "vn-outcome-gso-guidance",
        "The GSO's draft guidance names citizen data as a complementary source",
        t.harvest_outcome,
        coalition=vn,
        description=(
            "In June 2025 the General Statistics Office's draft guidance on data sources for"
            " SDG indicators named citizen data as a complementary source."
        ),
        social_actor=gso,
        change_type="policy",
        stage="formulation",
        significance="A first step towards citizen data in official SDG reporting.",
        contribution="Two report cycles and the practical guide, presented at the dialogue.",
        links={
            "evidence": cycles,
            "advocacy_inputs": inputs,
            "dialogues": [dialogue],
            "commitments": [guidance],
        },
        occurred_on=date(2025, 6, 20),
        recorded_by=LINH,
    )
