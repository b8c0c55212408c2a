"""The ledger on each store: honest stores verify, and every kind of tampering that someone
with database access could do is caught, with the position and the reason.

The tampering is done the way such a person would: SQL against the store's own tables.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Connection, text

from tests.integration.story import Story, evidence_fields
from tracker.composition import Services, open_services
from tracker.ledger.links import Head, link_hash
from tracker.ledger.verify import verify
from tracker.settings import Settings


class Store:
    """The raw tables of a store, as someone with database access sees them."""

    def __init__(self, services: Services) -> None:
        self.services = services
        ledger = services.tracker.ledger
        self.events, self.links = ledger.events_table_name, ledger.ledger_table
        self.postgres = services.settings.is_postgres
        self.position = "notification_id" if self.postgres else "rowid"

    @property
    def connection(self) -> Iterator[Connection]:
        return self.services.engine.begin()  # type: ignore[return-value]

    def run(self, statement: str, **values: object) -> None:
        with self.services.engine.begin() as connection:
            connection.execute(text(statement), values)

    def state_at(self, position: int) -> bytes:
        with self.services.engine.connect() as connection:
            query = f"SELECT state FROM {self.events} WHERE {self.position} = :p"
            return bytes(connection.execute(text(query), {"p": position}).scalar_one())

    def move(self, source: int, target: int) -> None:
        self.run(f"UPDATE {self.events} SET {self.position} = :t WHERE {self.position} = :s",
                 t=target, s=source)  # fmt: skip

    def head(self) -> int:
        link = self.services.tracker.ledger.last_link()
        assert link is not None
        return link.position


@pytest.fixture
def store(services: Services) -> Store:
    Story.told(services.tracker)
    for n in range(4):
        services.tracker.record_evidence(**evidence_fields(title=f"Water point survey {n}"))
    return Store(services)


def verdict(store: Store, head: Head | None = None) -> str:
    return str(verify(store.services.tracker.ledger, head))


def test_an_honest_store_verifies_to_its_head(store: Store) -> None:
    last = store.services.tracker.ledger.last_link()
    assert last is not None
    assert (
        verdict(store) == f"verified {last.position} events; head {last.position}:{last.hash.hex()}"
    )
    third = store.services.tracker.ledger.select_links(2, 3)[0]
    assert verdict(store, Head(3, third.hash)).startswith("verified")


def test_every_link_is_the_documented_hash_of_its_event(store: Store) -> None:
    ledger = store.services.tracker.ledger
    previous = bytes(32)
    for notification in ledger.select_notifications(1, 100):
        made = link_hash(
            previous,
            notification.id,
            str(notification.originator_id),
            notification.originator_version,
            notification.topic,
            notification.state,
        )
        link = ledger.links_of(notification.originator_id)[notification.originator_version]
        assert (link.position, link.hash) == (notification.id, made)
        previous = made


def test_an_event_whose_stored_bytes_changed_is_edited(store: Store) -> None:
    state = bytearray(store.state_at(5))
    state[-2] = ord("X") if state[-2] != ord("X") else ord("Y")
    store.run(f"UPDATE {store.events} SET state = :s WHERE {store.position} = 5", s=bytes(state))
    assert verdict(store) == "broken at position 5: edited"


def test_an_event_whose_topic_changed_is_edited(store: Store) -> None:
    store.run(f"UPDATE {store.events} SET topic = topic || 'x' WHERE {store.position} = 4")
    assert verdict(store) == "broken at position 4: edited"


def test_a_deleted_event_is_missing(store: Store) -> None:
    store.run(f"DELETE FROM {store.events} WHERE {store.position} = 6")
    assert verdict(store) == "broken at position 6: missing"


def test_an_event_deleted_with_its_link_is_missing(store: Store) -> None:
    store.run(f"DELETE FROM {store.events} WHERE {store.position} = 6")
    store.run(f"DELETE FROM {store.links} WHERE position = 6")
    assert verdict(store) == "broken at position 6: missing"


def test_two_swapped_events_are_reordered(store: Store) -> None:
    store.move(3, 1000)
    store.move(4, 3)
    store.move(1000, 4)
    assert verdict(store) == "broken at position 3: reordered"


def test_two_events_swapped_with_their_links_are_reordered(store: Store) -> None:
    store.move(3, 1000)
    store.move(4, 3)
    store.move(1000, 4)
    for source, target in ((3, 1000), (4, 3), (1000, 4)):
        store.run(f"UPDATE {store.links} SET position = :t WHERE position = :s", t=target, s=source)
    assert verdict(store) == "broken at position 3: reordered"


def test_an_event_slipped_in_without_a_link_is_unlinked(store: Store) -> None:
    head = store.head()
    store.run(
        f"INSERT INTO {store.events} (originator_id, originator_version, topic, state) "
        f"SELECT originator_id, 99, topic, state FROM {store.events} WHERE {store.position} = 2"
    )
    assert verdict(store) == f"broken at position {head + 1}: unlinked"


def test_an_event_replaced_by_a_forged_one_linked_for_itself_only_is_edited(
    store: Store,
) -> None:
    ledger = store.services.tracker.ledger
    before = ledger.select_links(3, 4)[0]
    forged = store.state_at(4).replace(b"Water", b"Oil!!") or b"{}"
    victim = ledger.select_notifications(5, 1)[0]
    store.run(f"UPDATE {store.events} SET state = :s WHERE {store.position} = 5", s=forged)
    made = link_hash(
        before.hash, 5, victim.originator_id, victim.originator_version, victim.topic, forged
    )
    store.run(f"UPDATE {store.links} SET hash = :h WHERE position = 5", h=made)
    assert verdict(store) == "broken at position 5: edited"


def test_the_tail_cut_off_is_truncated_against_a_noted_head(store: Store) -> None:
    noted = store.services.tracker.ledger.last_link()
    assert noted is not None
    head = Head(noted.position, noted.hash)
    assert verdict(store, head).startswith("verified")
    store.run(f"DELETE FROM {store.events} WHERE {store.position} >= :p", p=noted.position - 1)
    store.run(f"DELETE FROM {store.links} WHERE position >= :p", p=noted.position - 1)
    assert verdict(store).startswith("verified")  # what is left is a valid chain...
    assert verdict(store, head) == f"broken at position {noted.position}: truncated"


def test_a_head_that_was_never_in_the_chain_is_truncated(store: Store) -> None:
    assert verdict(store, Head(2, bytes(32))) == "broken at position 2: truncated"


def test_twenty_concurrent_writers_leave_a_chain_that_verifies(services: Services) -> None:
    Story.told(services.tracker)
    failures: list[BaseException] = []

    def write(n: int) -> None:
        try:
            for i in range(3):
                services.tracker.record_evidence(**evidence_fields(title=f"Survey {n}.{i}"))
        except BaseException as error:
            failures.append(error)

    writers = [threading.Thread(target=write, args=(n,)) for n in range(20)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    assert failures == []
    found = verdict(Store(services))
    assert found.startswith(f"verified {services.tracker.recorder.max_notification_id()} events")


def test_a_store_made_before_the_ledger_is_linked_once_and_verifies(database_url: str) -> None:
    settings = Settings(database_url=database_url)
    first = open_services(settings)
    try:
        Story.told(first.tracker)
        store = Store(first)
        store.run(f"DROP TABLE {store.links}")  # as a store made before the ledger was
    finally:
        first.close()
    upgraded = open_services(settings)
    try:
        count = upgraded.tracker.recorder.max_notification_id() or 0
        assert upgraded.tracker.linked_on_upgrade == count
        upgraded.tracker.record_evidence(**evidence_fields(occurred_on=date(2024, 4, 1)))
        assert verdict(Store(upgraded)).startswith(f"verified {count + 1} events")
    finally:
        upgraded.close()
    again = open_services(settings)
    try:
        assert again.tracker.linked_on_upgrade is None  # never relinked
    finally:
        again.close()


@pytest.mark.postgres
def test_an_event_slipped_into_a_gap_with_a_link_of_its_own_is_unlinked(
    postgres_url: str, tmp_path: Path
) -> None:
    services = open_services(Settings(database_url=postgres_url))
    try:
        Story.told(services.tracker)
        store = Store(services)
        store.run(f"SELECT setval('{store.events}_notification_id_seq', 50)")  # a gap, as a
        services.tracker.record_evidence(**evidence_fields())  # failed save leaves one
        ledger = services.tracker.ledger
        last_before_gap = ledger.select_links(0, 50)[-1]
        template = ledger.select_notifications(2, 1)[0]
        position = last_before_gap.position + 1
        made = link_hash(
            last_before_gap.hash, position, template.originator_id, 77, template.topic,
            template.state,
        )  # fmt: skip
        store.run(
            f"INSERT INTO {store.events} (originator_id, originator_version, topic, state, "
            f"notification_id) SELECT originator_id, 77, topic, state, :p FROM {store.events} "
            "WHERE notification_id = 2",
            p=position,
        )
        store.run(
            f"INSERT INTO {store.links} VALUES (:p, :prev, :ph, :r, 77, :h)",
            p=position, prev=last_before_gap.position, ph=last_before_gap.hash,
            r=str(template.originator_id), h=made,
        )  # fmt: skip
        assert verdict(store) == f"broken at position {position}: unlinked"
    finally:
        services.close()


def test_the_tail_of_events_deleted_with_their_links_left_is_truncated(store: Store) -> None:
    last = store.head()
    store.run(f"DELETE FROM {store.events} WHERE {store.position} >= :p", p=last - 2)
    assert verdict(store) == f"broken at position {last - 2}: truncated"


def test_the_last_event_deleted_alone_is_truncated_and_one_before_it_missing(
    store: Store,
) -> None:
    last = store.head()
    store.run(f"DELETE FROM {store.events} WHERE {store.position} = :p", p=last - 1)
    assert verdict(store) == f"broken at position {last - 1}: missing"
