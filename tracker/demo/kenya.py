"""The Kenya worked example (DESIGN.md)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import partial

from tracker.demo.loader import (
    WANJIRU,
    Loader,
    ProgressReport,
    Review,
    commitment,
    decision_maker,
    reports,
    substantiation,
)

# What became of the budget hearing's three commitments (budget priorities, climate change
# committees, seedlings): progress reports, then the executive committee's review if any.
HEARING_PROGRESS: tuple[tuple[list[ProgressReport], Review | None], ...] = (
    (
        [
            ("in_progress", "substantial", date(2024, 4, 30), "In the draft 2024/25 estimates."),
            ("fulfilled", "complete", date(2024, 6, 27), "In the Appropriation Act 2024."),
        ],
        ("confirmed", date(2024, 9, 12), "Checked against the Act."),
    ),
    (
        [
            ("in_progress", "limited", date(2024, 7, 22), "Wards asked for women and youth."),
            ("fulfilled", "complete", date(2024, 11, 18), "Women and youth hold 42% of seats."),
        ],
        ("confirmed", date(2025, 2, 6), "Membership lists seen."),
    ),
    (
        [
            ("in_progress", "limited", date(2024, 10, 15), "First seedlings delivered."),
            ("partially_fulfilled", "substantial", date(2025, 4, 30), "17,500 of 25,000 planted."),
        ],
        None,
    ),
)


def load_kenya(demo: Loader) -> None:
    """Ngiluni village, Makueni County: from participatory forums to seedlings in the ground."""
    t = demo.tracker
    county = "County Government of Makueni"
    cbo = "Ngiluni village community-based organisation"
    forum = "Kenya national SDG civil society forum"
    ke = demo.coalition("ke", "Kenya country coalition", "KE", [forum, cbo], date(2023, 1, 16))
    title = "Community action plans from participatory forums in Ngiluni village"
    evidence = demo.record(
        "evidence",
        "ke-evidence-forums",
        title,
        t.record_evidence,
        coalition=ke,
        title=title,
        summary=(
            "17 women farmers trained on the SDGs by a local CBO with the national SDG forum"
            " led village forums that mapped water, food and climate priorities and agreed"
            " community action plans."
        ),
        method="participatory_forum",
        collected_from=date(2023, 6, 5),
        collected_to=date(2023, 7, 28),
        locations=["Ngiluni village, Makueni County, Kenya"],
        sample_size=17,
        sampling="All 17 women farmers trained on the SDGs; no sampling",
        groups=["women farmers", "youth", "smallholder households"],
        disaggregation=["sex", "age", "location"],
        participation_level=5,
        value_chain_stages=["design", "collection", "analysis", "dissemination"],
        producers=[cbo, forum],
        consent={"obtained": True, "kind": "community"},
        sensitivity="public",
        sdg_targets=["5.5", "13.1", "2.4"],
        link=None,
        occurred_on=date(2023, 8, 10),
        recorded_by=WANJIRU,
        then=[
            partial(
                t.assess_evidence_quality,
                rating="medium",
                note="A small, purposive group; forum minutes and action plans are on file.",
                occurred_on=date(2024, 8, 20),
                recorded_by=WANJIRU,  # the API lets a coalition's leads assess its evidence
            )
        ],
    )
    title = "Ngiluni community action plans: submission to the 2024/25 county budget process"
    submission = demo.record(
        "advocacy_input",
        "ke-input-budget-submission",
        title,
        t.submit_advocacy_input,
        coalition=ke,
        kind="submission",
        title=title,
        asks=[
            "Reflect the village's priorities in the ward's 2024/25 budget allocation",
            "Include women and youth in the new ward climate change committees",
            "Fund drought-tolerant tree and fruit seedlings for the village",
        ],
        evidence=[evidence],
        targets=[f"{county}, Department of Agriculture", "Makueni County Assembly"],
        occurred_on=date(2024, 2, 20),
        recorded_by=WANJIRU,
    )
    title = "County budget hearing on the 2024/25 estimates"
    dialogue, (priorities, committees, seedlings) = demo.dialogue(
        "ke-dialogue-budget-hearing",
        title,
        {
            "ke-commitment-budget-priorities": commitment(
                "Reflect Ngiluni village's priorities in the 2024/25 ward budget allocation",
                county,
                "County Executive Committee Member for Finance and Economic Planning",
                date(2024, 6, 30),
                ["women farmers", "smallholder households"],
                ["2.4", "5.5"],
            ),
            "ke-commitment-climate-committees": commitment(
                "Include women and youth in the new ward climate change committees",
                county,
                "Chief Officer for Environment and Climate Change",
                date(2024, 12, 31),
                ["women", "youth"],
                ["5.5", "13.1"],
            ),
            "ke-commitment-seedlings": commitment(
                "Fund 25,000 drought-tolerant seedlings for Ngiluni village",
                county,
                "County Executive Committee Member for Agriculture",
                date(2025, 4, 30),
                ["women farmers", "youth"],
                ["2.4", "13.1"],
            ),
        },
        coalition=ke,
        title=title,
        level="subnational",
        format="hearing",
        decision_makers=[
            decision_maker("County Executive Committee Member for Finance", county),
            decision_maker("Chair, Budget and Appropriations Committee", "Makueni County Assembly"),
        ],
        participants={
            "total": 46,
            "by_group": {"women farmers": 17, "youth": 9, "civil society": 14, "officials": 6},
        },
        advocacy_inputs=[submission],
        summary="The women farmers presented the action plans; three commitments were made.",
        occurred_on=date(2024, 3, 14),
        recorded_by=WANJIRU,
        then=[
            partial(
                t.record_follow_up,
                note="Letter to the county executive listing the three commitments and due dates.",
                occurred_on=date(2024, 3, 28),
                recorded_by=WANJIRU,
            )
        ],
    )
    for made, (reported, reviewed) in zip(
        (priorities, committees, seedlings), HEARING_PROGRESS, strict=True
    ):
        demo.progress(made, WANJIRU, *reported, reviewed=reviewed)
    text = "Hold action planning forums in every village of the ward before the 2026/27 budget"
    demo.record(
        "commitment",
        "ke-commitment-village-forums",
        text,
        t.make_commitment,
        **commitment(
            text,
            county,
            "Director of Public Participation",
            date(2026, 3, 31),  # long past by late 2026, and still in progress: overdue
            ["women farmers", "youth"],
            ["5.5", "16.7"],
        ),
        coalition=ke,
        occurred_on=date(2025, 5, 20),
        recorded_by=WANJIRU,
        then=reports(
            t,
            WANJIRU,
            ("in_progress", "limited", date(2025, 10, 8), "Forums held in three more villages."),
        ),
    )
    budget_line = demo.record(
        "budget_line",
        "ke-budget-seedlings",
        "Makueni County 2024/25: farm inputs and agroforestry, Ngiluni (KES)",
        t.identify_budget_line,
        coalition=ke,
        commitments=[priorities, seedlings],
        government=county,
        level="subnational",
        fiscal_year="2024/25",
        programme="Agriculture: farm inputs and agroforestry, Ngiluni ward projects",
        currency="KES",
        groups=["women farmers", "youth"],
        occurred_on=date(2024, 4, 30),
        recorded_by=WANJIRU,
        then=[
            partial(
                t.record_budget_amount,
                stage=stage,
                amount=Decimal(amount),
                occurred_on=on,
                source=source,
                recorded_by=WANJIRU,
            )
            for stage, amount, on, source in (
                ("proposed", "2500000.00", date(2024, 4, 30), "County budget estimates 2024/25"),
                ("allocated", "2000000.00", date(2024, 6, 27), "County Appropriation Act 2024"),
                ("released", "1600000.00", date(2024, 10, 1), "County Treasury release"),
                ("spent", "1400000.00", date(2025, 7, 15), "Agriculture expenditure report"),
            )
        ],
    )
    upstream = {"evidence": [evidence], "advocacy_inputs": [submission], "dialogues": [dialogue]}
    note = "Membership confirmed; a national gender guideline also pushed for it."
    demo.record(
        "outcome",
        "ke-outcome-climate-committees",
        "Women and youth hold over 40% of the new climate change committees",
        t.harvest_outcome,
        coalition=ke,
        description=(
            "Between July and November 2024 the County Government of Makueni set up new ward"
            " climate change committees in which women and youth hold over 40% of the seats."
        ),
        social_actor=f"{county}, Department of Environment and Climate Change",
        change_type="institutional",
        stage="implementation",
        significance="Women farmers and youth now sit where ward climate finance is decided.",
        contribution=(
            "The forums' action plans asked for it; the coalition pressed the ask at the"
            " budget hearing and followed the commitment up."
        ),
        links={**upstream, "commitments": [committees]},
        occurred_on=date(2024, 11, 18),
        recorded_by=WANJIRU,
        then=[substantiation(t, "partially_agree", date(2025, 6, 3), note)],
    )
    note = "The expenditure report and a field visit confirm the planting."
    demo.record(
        "outcome",
        "ke-outcome-seedlings",
        "17,500 seedlings planted in Ngiluni, Oct 2024–Apr 2025",
        t.harvest_outcome,
        coalition=ke,
        description=(
            "17,500 drought-tolerant seedlings funded by the county were planted in Ngiluni"
            " village between October 2024 and April 2025."
        ),
        social_actor=f"{county}, Department of Agriculture, with Ngiluni women farmers",
        change_type="practice",
        stage="implementation",
        significance="The first county-funded agroforestry in the village.",
        contribution="The seedlings were the action plans' first ask of the county budget.",
        links={**upstream, "commitments": [priorities, seedlings], "budget_lines": [budget_line]},
        occurred_on=date(2025, 4, 30),
        recorded_by=WANJIRU,
        then=[substantiation(t, "agree", date(2025, 8, 21), note)],
    )
