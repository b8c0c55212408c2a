"""The partnership's two worked examples (DESIGN.md), loaded through the use cases.

Kenya: participatory forums in Ngiluni village, Makueni County, lead to the county budget,
new climate change committees and 17,500 seedlings. Vietnam: two citizen data cycles lead
to a policy dialogue with the General Statistics Office.

Loading is re-runnable: every record carries `external_ref` {system: demo, id: key} and is
looked up by it before it is created, so a second run adds nothing and a run stopped
half-way completes on the next one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import partial
from typing import Any
from uuid import UUID, uuid5

from domain import RECORD_CLASSES
from domain.coalitions import Coalition
from tracker.application import Saved, Tracker
from tracker.errors import DuplicateRecord, RecordNotFound

DEMO_SYSTEM = "demo"

# A later change to a record, waiting for the version it expects.
Step = Callable[..., Saved]

# Demo accounts have fixed ids, so the events below name users that can be created later.
DEMO_USER_NAMESPACE = UUID("8d7c2f7e-9b1a-4c55-8f0e-3a6d2b4e9c10")


@dataclass(frozen=True)
class DemoAccount:
    """A demo user: account name, role and the coalitions a lead works for."""

    name: str
    role: str
    coalitions: tuple[str, ...] = ()


DEMO_ACCOUNTS = (
    DemoAccount("admin", "admin"),
    DemoAccount("wanjiru", "coalition_lead", ("ke",)),
    DemoAccount("linh", "coalition_lead", ("vn",)),
    DemoAccount("amina", "executive"),
    DemoAccount("tomas", "evaluator"),
)


def demo_user_id(name: str) -> str:
    """The fixed user id of a demo account, the same in every database."""
    return str(uuid5(DEMO_USER_NAMESPACE, name))


ADMIN, WANJIRU, LINH, AMINA, TOMAS = (demo_user_id(a.name) for a in DEMO_ACCOUNTS)


@dataclass
class DemoReport:
    """What a run of `load_demo` added: records created by kind, and later changes applied."""

    created: dict[str, int] = field(default_factory=lambda: dict.fromkeys(RECORD_CLASSES, 0))
    changes: int = 0

    @property
    def anything_new(self) -> bool:
        """Whether this run added any event at all."""
        return sum(self.created.values()) > 0 or self.changes > 0


def load_demo(tracker: Tracker, out: Callable[[str], None]) -> DemoReport:
    """Load the worked examples, or whatever of them is missing; `out` hears of each record."""
    loader = _Loader(tracker, out)
    _load_kenya(loader)
    _load_vietnam(loader)
    return loader.report


class _Loader:
    """Creates demo records once, found again by their external reference."""

    def __init__(self, tracker: Tracker, out: Callable[[str], None]) -> None:
        self.tracker, self.out, self.report = tracker, out, DemoReport()

    def coalition(
        self, code: str, name: str, country: str | None, members: Sequence[str], on: date
    ) -> UUID:
        """A coalition (reused if its code is taken) with its member organisations."""
        coalition_id = self.tracker.find_by_external_ref("coalition", DEMO_SYSTEM, code)
        if coalition_id is None:
            try:
                saved = self.tracker.register_coalition(
                    code=code,
                    name=name,
                    country=country,
                    occurred_on=on,
                    recorded_by=ADMIN,
                    external_ref=_ref(code),
                )
            except DuplicateRecord as taken:  # registered by hand before the demo ran
                if taken.existing is None:
                    raise
                coalition_id = taken.existing
            else:
                coalition_id = saved.id
                self._created("coalition", code, name)
        # Membership is state, so it is checked directly rather than by version.
        for member in members:
            record = self.tracker.get("coalition", coalition_id)
            if isinstance(record, Coalition) and member not in record.members:
                self.tracker.admit_member(
                    coalition_id,
                    name=member,
                    occurred_on=on,
                    recorded_by=ADMIN,
                    expected_version=record.version,
                )
                self.report.changes += 1
        return coalition_id

    def record(
        self, kind: str, key: str, label: str, create: Callable[..., Saved], /, **fields: Any
    ) -> UUID:
        """The record known as `key`, created with `fields` if it is not there yet."""
        found = self.tracker.find_by_external_ref(kind, DEMO_SYSTEM, key)
        if found is not None:
            return found
        saved = create(**fields, external_ref=_ref(key))
        self._created(kind, key, label)
        return saved.id

    def dialogue(
        self, key: str, label: str, commitments: Mapping[str, dict[str, Any]], **fields: Any
    ) -> tuple[UUID, list[UUID]]:
        """A dialogue and the commitments made in it (keyed), saved together once."""
        found = self.tracker.find_by_external_ref("dialogue", DEMO_SYSTEM, key)
        if found is not None:
            return found, [self._find("commitment", ckey) for ckey in commitments]
        saved = self.tracker.log_dialogue(
            **fields,
            external_ref=_ref(key),
            commitments=[{**c, "external_ref": _ref(ckey)} for ckey, c in commitments.items()],
        )
        self._created("dialogue", key, label)
        for ckey, commitment in commitments.items():
            self._created("commitment", ckey, commitment["text"])
        return saved.id, list(saved.commitments)

    def follow_ons(self, kind: str, record_id: UUID, *steps: Step) -> None:
        """Apply, in order, the changes a record has not had yet, judged by its version.

        A demo record is at version 1 when created and each change adds one, so version n
        means the first n - 1 changes were saved; a run stopped half-way resumes with the
        next. Each change names the version it expects, so two runs at once cannot apply
        one twice.
        """
        version = self.tracker.get(kind, record_id).version
        for step in steps[version - 1 :]:
            version = step(expected_version=version).version
            self.report.changes += 1

    def _find(self, kind: str, key: str) -> UUID:
        found = self.tracker.find_by_external_ref(kind, DEMO_SYSTEM, key)
        if found is None:
            raise RecordNotFound(kind, f"{DEMO_SYSTEM}:{key}")
        return found

    def _created(self, kind: str, key: str, label: str) -> None:
        self.report.created[kind] += 1
        self.out(f"{kind.replace('_', ' ')} {key}: {label}")


def _ref(key: str) -> dict[str, str]:
    return {"system": DEMO_SYSTEM, "id": key}


# A progress report: status, completion, when, and what happened.
ProgressReport = tuple[str, str, date, str]


def _reports(t: Tracker, commitment: UUID, by: str, *reports: ProgressReport) -> list[Step]:
    return [
        partial(
            t.report_progress,
            commitment,
            status=status,
            completion=completion,
            occurred_on=on,
            note=note,
            evidence=[],
            recorded_by=by,
        )
        for status, completion, on, note in reports
    ]


def _review(t: Tracker, commitment: UUID, verdict: str, on: date, note: str) -> Step:
    return partial(
        t.review_commitment,
        commitment,
        verdict=verdict,
        occurred_on=on,
        note=note,
        recorded_by=AMINA,
    )


def _substantiation(t: Tracker, outcome: UUID, verdict: str, on: date, note: str) -> Step:
    return partial(
        t.substantiate_outcome,
        outcome,
        verdict=verdict,
        occurred_on=on,
        note=note,
        recorded_by=TOMAS,
    )


def _load_kenya(demo: _Loader) -> None:
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
    )
    demo.follow_ons(
        "evidence",
        evidence,
        partial(
            t.assess_evidence_quality,
            evidence,
            rating="medium",
            note="A small, purposive group; forum minutes and action plans are on file.",
            occurred_on=date(2024, 8, 20),
            recorded_by=WANJIRU,  # the API lets a coalition's leads assess its evidence
        ),
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
            "ke-commitment-budget-priorities": _commitment(
                "Reflect Ngiluni village's priorities in the 2024/25 ward budget allocation",
                county,
                "County Executive Committee Member for Finance and Economic Planning",
                date(2024, 6, 30),
                ["women farmers", "smallholder households"],
                ["2.4", "5.5"],
            ),
            "ke-commitment-climate-committees": _commitment(
                "Include women and youth in the new ward climate change committees",
                county,
                "Chief Officer for Environment and Climate Change",
                date(2024, 12, 31),
                ["women", "youth"],
                ["5.5", "13.1"],
            ),
            "ke-commitment-seedlings": _commitment(
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
            _decision_maker("County Executive Committee Member for Finance", county),
            _decision_maker(
                "Chair, Budget and Appropriations Committee", "Makueni County Assembly"
            ),
        ],
        participants={
            "total": 46,
            "by_group": {"women farmers": 17, "youth": 9, "civil society": 14, "officials": 6},
        },
        advocacy_inputs=[submission],
        summary="The women farmers presented the action plans; three commitments were made.",
        occurred_on=date(2024, 3, 14),
        recorded_by=WANJIRU,
    )
    demo.follow_ons(
        "dialogue",
        dialogue,
        partial(
            t.record_follow_up,
            dialogue,
            note="Letter to the county executive listing the three commitments and due dates.",
            occurred_on=date(2024, 3, 28),
            recorded_by=WANJIRU,
        ),
    )
    demo.follow_ons(
        "commitment",
        priorities,
        *_reports(
            t,
            priorities,
            WANJIRU,
            ("in_progress", "substantial", date(2024, 4, 30), "In the draft 2024/25 estimates."),
            ("fulfilled", "complete", date(2024, 6, 27), "In the Appropriation Act 2024."),
        ),
        _review(t, priorities, "confirmed", date(2024, 9, 12), "Checked against the Act."),
    )
    demo.follow_ons(
        "commitment",
        committees,
        *_reports(
            t,
            committees,
            WANJIRU,
            ("in_progress", "limited", date(2024, 7, 22), "Wards asked for women and youth."),
            ("fulfilled", "complete", date(2024, 11, 18), "Women and youth hold 42% of seats."),
        ),
        _review(t, committees, "confirmed", date(2025, 2, 6), "Membership lists seen."),
    )
    demo.follow_ons(
        "commitment",
        seedlings,
        *_reports(
            t,
            seedlings,
            WANJIRU,
            ("in_progress", "limited", date(2024, 10, 15), "First seedlings delivered."),
            ("partially_fulfilled", "substantial", date(2025, 4, 30), "17,500 of 25,000 planted."),
        ),
    )
    text = "Hold action planning forums in every village of the ward before the 2026/27 budget"
    forums = demo.record(
        "commitment",
        "ke-commitment-village-forums",
        text,
        t.make_commitment,
        **_commitment(
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
    )
    demo.follow_ons(
        "commitment",
        forums,
        *_reports(
            t,
            forums,
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
    )
    demo.follow_ons(
        "budget_line",
        budget_line,
        *(
            partial(
                t.record_budget_amount,
                budget_line,
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
        ),
    )
    upstream = {"evidence": [evidence], "advocacy_inputs": [submission], "dialogues": [dialogue]}
    outcome = demo.record(
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
    )
    note = "Membership confirmed; a national gender guideline also pushed for it."
    demo.follow_ons(
        "outcome", outcome, _substantiation(t, outcome, "partially_agree", date(2025, 6, 3), note)
    )
    outcome = demo.record(
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
    )
    note = "The expenditure report and a field visit confirm the planting."
    demo.follow_ons(
        "outcome", outcome, _substantiation(t, outcome, "agree", date(2025, 8, 21), note)
    )


def _load_vietnam(demo: _Loader) -> None:
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
            "vn-commitment-gso-guidance": _commitment(
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
        decision_makers=[_decision_maker("Deputy Director General for SDG statistics", gso)],
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
        *_reports(
            t,
            guidance,
            LINH,
            ("in_progress", "limited", date(2025, 6, 20), "Coalition asked to comment a draft."),
        ),
        partial(
            t.change_due_date,
            guidance,
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


def _commitment(
    text: str, institution: str, role: str, due_on: date, groups: list[str], sdgs: list[str]
) -> dict[str, Any]:
    return {
        "text": text,
        "made_by": {"institution": institution, "role": role},
        "due_on": due_on,
        "groups": groups,
        "sdg_targets": sdgs,
    }


def _decision_maker(role: str, institution: str) -> dict[str, str]:
    # Decision makers are named by their office, never by a person's name.
    return {"name": role, "role": role, "institution": institution}
