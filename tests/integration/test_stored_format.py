"""Stored events keep loading: a store written by version 1 is read back by this code."""

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

from tracker.composition import open_services
from tracker.settings import Settings

STORE_V1 = Path(__file__).parent.parent / "fixtures" / "store-v1.sqlite"

# Every stored topic of version 1. A topic renamed or dropped in the code breaks this test.
TOPICS_V1 = {
    "coalition.registered", "coalition.renamed", "coalition.member_joined",
    "coalition.member_left", "coalition.corrected",
    "evidence.recorded", "evidence.corrected", "evidence.retracted", "evidence.quality_assessed",
    "advocacy_input.submitted", "advocacy_input.evidence_linked",
    "advocacy_input.evidence_unlinked", "advocacy_input.corrected", "advocacy_input.withdrawn",
    "dialogue.held", "dialogue.follow_up_recorded", "dialogue.corrected",
    "commitment.made", "commitment.progress_reported", "commitment.reassessed",
    "commitment.due_date_changed", "commitment.reviewed", "commitment.corrected",
    "budget_line.identified", "budget_line.amount_recorded", "budget_line.corrected",
    "outcome.harvested", "outcome.stage_changed", "outcome.substantiated", "outcome.corrected",
    "external_reference.claimed",
}  # fmt: skip


def test_every_event_of_a_version_1_store_loads_and_rebuilds_its_record(tmp_path: Path):
    copy = tmp_path / "store.sqlite"
    shutil.copy(STORE_V1, copy)
    services = open_services(Settings(database_url=f"sqlite:///{copy}"))
    try:
        tracker = services.tracker
        notifications = tracker.recorder.select_notifications(start=1, limit=1000)
        assert {n.topic for n in notifications} == TOPICS_V1
        events = [tracker.mapper.to_domain_event(n) for n in notifications]
        for record_id in {e.originator_id for e in events}:
            tracker.repository.get(record_id)  # every aggregate rebuilds

        coalition = tracker.get("coalition", tracker.coalition_id("ke"))
        assert (coalition.name, coalition.country, coalition.members) == (
            "Kenya SDGs Forum",
            "KE",
            [],
        )
        made = next(e for e in events if type(e).__name__ == "Made")
        commitment = tracker.get("commitment", made.originator_id)
        assert commitment.status == "in_progress"
        assert commitment.completion == "substantial"
        assert commitment.status_dates["fulfilled"] == date(2025, 3, 1)
        assert commitment.review is not None and commitment.review["verdict"] == "needs_evidence"
        line_event = next(e for e in events if type(e).__name__ == "Identified")
        line = tracker.get("budget_line", line_event.originator_id)
        assert line.amounts["spent"]["amount"] == Decimal("1200000.5")
        assert line.programme == "Climate resilience"
        scorecard = tracker.find_by_external_ref("evidence", "irm", "KE-7")
        assert scorecard is not None
        assert tracker.get("evidence", scorecard).closed_as == "retracted"
    finally:
        services.close()


def test_a_version_1_store_made_before_the_ledger_is_linked_on_opening_and_verifies(
    tmp_path: Path,
) -> None:
    from tracker.ledger.verify import verify

    copy = tmp_path / "store.sqlite"
    shutil.copy(STORE_V1, copy)
    services = open_services(Settings(database_url=f"sqlite:///{copy}"))
    try:
        count = services.tracker.recorder.max_notification_id()
        assert services.tracker.linked_on_upgrade == count
        verdict = verify(services.tracker.ledger)
        assert verdict.ok and verdict.verified == count
    finally:
        services.close()


STORE_V2 = Path(__file__).parent.parent / "fixtures" / "store-v2.sqlite"


def test_a_version_2_store_keeps_each_imported_records_source(tmp_path: Path) -> None:
    """Version 2 of the creating events of commitments, evidence, outcomes and budget lines
    added `source` (an imported row's other columns); version 1's read it as None."""
    from tracker.ledger.verify import verify

    copy = tmp_path / "store.sqlite"
    shutil.copy(STORE_V2, copy)
    services = open_services(Settings(database_url=f"sqlite:///{copy}"))
    try:
        tracker = services.tracker
        notifications = tracker.recorder.select_notifications(start=1, limit=1000)
        assert {n.topic for n in notifications} == TOPICS_V1  # no topic added or lost
        sources = {}
        for notification in notifications:
            event = tracker.mapper.to_domain_event(notification)
            if hasattr(event, "source") and notification.topic.endswith(
                (".made", ".recorded", ".harvested", ".identified")
            ):
                record = tracker.repository.get(notification.originator_id)
                sources.setdefault(notification.topic, []).append(record.source)
        for topic in ("evidence.recorded", "outcome.harvested", "budget_line.identified"):
            assert {"Notes": "from the 2024 sheet"} in sources[topic], topic
            assert None in sources[topic], topic  # the story's, not imported
        made = sources["commitment.made"]
        assert {"Commitment Description": "A public register of who owns companies.",
                "Did It Open Government (Overall)": "Outstanding"} in made  # fmt: skip
        assert verify(tracker.ledger).ok
    finally:
        services.close()
    old = tmp_path / "v1.sqlite"
    shutil.copy(STORE_V1, old)
    services = open_services(Settings(database_url=f"sqlite:///{old}"))
    try:
        tracker = services.tracker
        for notification in tracker.recorder.select_notifications(1, 1000):
            if notification.topic.endswith((".made", ".recorded", ".harvested", ".identified")):
                record = tracker.repository.get(notification.originator_id)
                assert record.source is None, notification.topic
    finally:
        services.close()


STORE_V3 = Path(__file__).parent.parent / "fixtures" / "store-v3.sqlite"


def _substantiations(path: Path) -> list[dict]:
    services = open_services(Settings(database_url=f"sqlite:///{path}"))
    try:
        tracker = services.tracker
        found = []
        for notification in tracker.recorder.select_notifications(1, 1000):
            if notification.topic == "outcome.harvested":
                found += tracker.get("outcome", notification.originator_id).substantiations
        return found
    finally:
        services.close()


def test_substantiations_of_version_1_and_2_stores_are_read_as_members(tmp_path: Path) -> None:
    """Version 3 of `outcome.substantiated` (its class_version 2) added `source` and the
    outside person's `name`; older substantiations are a member's, with no name."""
    for store in (STORE_V1, STORE_V2):
        copy = tmp_path / store.name
        shutil.copy(store, copy)
        found = _substantiations(copy)
        assert found, store.name
        assert {(s["source"], s["name"]) for s in found} == {("member", None)}, store.name


def test_a_version_3_store_keeps_outside_substantiations(tmp_path: Path) -> None:
    from tracker.ledger.verify import verify

    copy = tmp_path / "store.sqlite"
    shutil.copy(STORE_V3, copy)
    found = _substantiations(copy)
    assert ("outside", "Mary Mutua, Ward Administrator") in {
        (s["source"], s["name"]) for s in found
    }
    assert ("member", None) in {(s["source"], s["name"]) for s in found}
    services = open_services(Settings(database_url=f"sqlite:///{copy}"))
    try:
        notifications = services.tracker.recorder.select_notifications(start=1, limit=1000)
        assert {n.topic for n in notifications} == TOPICS_V1  # no topic added or lost
        assert verify(services.tracker.ledger).ok
    finally:
        services.close()
