"""`tracker import`: an OGP IRM export and the tracker's own export brought in by a
mapping, checked whole first, re-runnable, and refusing bad files with nothing saved."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tests.integration.story import LEAD
from tracker.cli import main
from tracker.composition import Services, open_services
from tracker.exports import write_export
from tracker.imports.run import Options, run_import
from tracker.ledger.verify import verify
from tracker.settings import Settings

FIXTURES = Path(__file__).parent.parent / "fixtures" / "imports"
SAMPLE, MAPPING = FIXTURES / "ogp-irm-sample.csv", FIXTURES / "ogp-irm.toml"


@pytest.fixture
def store(database_url: str) -> Iterator[Services]:
    services = open_services(Settings(database_url=database_url))
    services.tracker.register_coalition(code="ke", name="Kenya", recorded_by=LEAD)
    try:
        yield services
    finally:
        services.close()


def cli(services: Services, *args: str) -> tuple[Result, dict[str, Any]]:
    result = CliRunner().invoke(
        main, list(args), env={"DATABASE_URL": services.settings.database_url}
    )
    return result, json.loads(result.stdout.strip().splitlines()[-1])


def head(services: Services) -> int:
    return services.tracker.recorder.max_notification_id() or 0


def sample(**changes: dict[str, str]) -> bytes:
    """The sample file, with cells of some rows (by id) changed."""
    rows = list(csv.DictReader(io.StringIO(SAMPLE.read_text(encoding="utf-8"))))
    for row in rows:
        row.update(changes.get(row["Commitment Unique Identifier"], {}))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


FIXED = {
    "KE0004": {"Completion (End Of Term)": "Limited"},
    "KE0005": {"Lead Institution": "Ethics and Anti-Corruption Commission"},
}


def imported(services: Services, data: bytes, **options: Any) -> dict[str, Any]:
    mapping = MAPPING.read_text(encoding="utf-8")
    return run_import(services.tracker, data, Options("commitments", mapping, **options))


def test_a_dry_run_names_each_bad_row_and_field_and_saves_nothing(store: Services) -> None:
    before = head(store)
    result, report = cli(
        store, "import", "commitments", str(SAMPLE), "--mapping", str(MAPPING), "--dry-run"
    )
    assert result.exit_code == 1
    assert (report["rows"], report["created"], report["unchanged"]) == (5, 3, 0)
    assert [(e["row"], e["field"]) for e in report["errors"]] == [
        (4, "completion"),
        (5, "made_by.institution"),
    ]
    assert "Almost there" in report["errors"][0]["message"]
    assert head(store) == before


def test_a_file_with_bad_rows_is_refused_whole_unless_partial(store: Services) -> None:
    before = head(store)
    result, report = cli(store, "import", "commitments", str(SAMPLE), "--mapping", str(MAPPING))
    assert result.exit_code == 1 and report["created"] == 0 and head(store) == before

    result, report = cli(
        store, "import", "commitments", str(SAMPLE), "--mapping", str(MAPPING), "--partial"
    )
    assert result.exit_code == 1 and report["created"] == 3
    tracker = store.tracker
    found = tracker.find_by_external_ref("commitment", "ogp-irm", "KE0001")
    assert found is not None
    commitment: Any = tracker.get("commitment", found)
    assert commitment.text == "Open contracting in Makueni County"
    assert commitment.made_by == {"institution": "County Government of Makueni", "role": ""}
    assert (commitment.occurred_on, commitment.due_on) == (date(2024, 1, 1), date(2025, 6, 1))
    assert commitment.completion == "substantial"
    assert commitment.source == {
        "Commitment Description": "Publish every county contract.\nInclude the bids, the "
        'awards and the payments,\n"as they happen".',
        "Did It Open Government (Overall)": "Major",
    }
    empty: Any = tracker.get(
        "commitment", tracker.find_by_external_ref("commitment", "ogp-irm", "KE0003")
    )  # type: ignore[arg-type]
    assert (empty.due_on, empty.completion) == (None, "not_started")
    assert empty.source == {  # kept as typed: nothing of the file is lost
        "Commitment Description": "NA",
        "Did It Open Government (Overall)": "ND",
    }
    assert verify(tracker.ledger).ok


def test_the_same_file_twice_adds_no_event_and_the_fixed_file_adds_the_rest(
    store: Services,
) -> None:
    assert imported(store, sample(), partial=True)["created"] == 3
    before = head(store)
    again = imported(store, sample(), partial=True)
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 3)
    assert head(store) == before
    fixed = imported(store, sample(**FIXED))
    assert (fixed["created"], fixed["unchanged"], fixed["errors"]) == (2, 3, [])


def test_one_changed_cell_adds_exactly_the_event_it_means(store: Services) -> None:
    imported(store, sample(**FIXED))
    tracker = store.tracker
    key = tracker.find_by_external_ref("commitment", "ogp-irm", "KE0001")
    assert key is not None
    changed: dict[str, str] = {}
    for cells, topic in (
        ({"Completion (End Of Term)": "Complete"}, "commitment.progress_reported"),
        ({"End Date": "12/31/2025"}, "commitment.due_date_changed"),
        ({"Commitment Title": "Open contracting in every county"}, "commitment.corrected"),
    ):
        changed.update(cells)  # each cell changed on top of the ones before
        before = head(store)
        report = imported(store, sample(**FIXED, KE0001=changed))
        assert (report["updated"], report["unchanged"]) == (1, 4), cells
        events = tracker.recorder.select_notifications(before + 1, 10)
        assert [e.topic for e in events] == [topic], cells
    commitment: Any = tracker.get("commitment", key)
    assert commitment.completion == "complete" and commitment.due_on == date(2025, 12, 31)
    history = tracker.history("commitment", key)
    assert [getattr(e, "reason", None) for e in history[-2:]] == ["import", "import"]


def test_the_own_export_reimports_with_no_mapping_and_adds_nothing(
    store: Services, tmp_path: Path
) -> None:
    imported(store, sample(**FIXED))
    exported = io.StringIO(newline="")
    write_export(store, "commitments", exported)
    before = head(store)
    report = run_import(store.tracker, exported.getvalue().encode(), Options("commitments"))
    assert (report["rows"], report["unchanged"], report["errors"]) == (5, 5, [])
    assert head(store) == before


def test_a_round_trip_into_an_empty_store_keeps_every_field(
    store: Services, database_url: str, tmp_path: Path
) -> None:
    imported(store, sample(**FIXED))
    exported = io.StringIO(newline="")
    write_export(store, "commitments", exported)
    other = open_services(Settings(database_url=f"sqlite:///{tmp_path}/other.sqlite"))
    try:
        other.tracker.register_coalition(code="ke", name="Kenya", recorded_by=LEAD)
        report = run_import(other.tracker, exported.getvalue().encode(), Options("commitments"))
        assert (report["created"], report["errors"]) == (5, [])
        again = io.StringIO(newline="")
        write_export(other, "commitments", again)
    finally:
        other.close()
    ignore = {"id", "recorded_at", "recorded_by"}
    first = [
        {k: v for k, v in row.items() if k not in ignore}
        for row in csv.DictReader(io.StringIO(exported.getvalue()))
    ]
    second = [
        {k: v for k, v in row.items() if k not in ignore}
        for row in csv.DictReader(io.StringIO(again.getvalue()))
    ]
    assert first == second
    assert sorted((row["external_system"], row["external_id"]) for row in first) == [
        ("ogp-irm", f"KE000{n}") for n in range(1, 6)
    ]


def exported_rows(services: Services) -> list[dict[str, str]]:
    out = io.StringIO(newline="")
    write_export(services, "commitments", out)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def as_csv(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def test_after_a_round_trip_the_source_file_finds_its_records_again(
    store: Services, tmp_path: Path
) -> None:
    """An OGP file imported into one store, exported, imported into another: running the
    OGP file again there adds nothing, since each record kept its external reference."""
    imported(store, sample(**FIXED))
    other = open_services(Settings(database_url=f"sqlite:///{tmp_path}/other.sqlite"))
    try:
        other.tracker.register_coalition(code="ke", name="Kenya", recorded_by=LEAD)
        moved = as_csv(exported_rows(store))
        report = run_import(other.tracker, moved, Options("commitments"))
        assert (report["created"], report["errors"]) == (5, [])
        before = head(other)
        again = imported(other, sample(**FIXED))
        assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 5)
        assert head(other) == before
        assert other.tracker.find_by_external_ref("commitment", "ogp-irm", "KE0002")
    finally:
        other.close()


def test_an_exports_external_reference_is_checked_and_cannot_change(store: Services) -> None:
    imported(store, sample(**FIXED))
    rows = exported_rows(store)
    before = head(store)

    changed = [dict(row) for row in rows]
    changed[0]["external_id"] = "KE9999"
    report = run_import(store.tracker, as_csv(changed), Options("commitments"))
    assert [(e["row"], e["field"], e["message"]) for e in report["errors"]] == [
        (1, "external_id", "a record's external reference cannot change")
    ]

    halves = [dict(row) for row in rows]
    halves[1]["external_system"] = ""
    halves[2]["external_id"] = ""
    report = run_import(store.tracker, as_csv(halves), Options("commitments"))
    assert [(e["row"], e["field"], e["message"]) for e in report["errors"]] == [
        (2, "external_system", "is needed with external_id"),
        (3, "external_id", "is needed with external_system"),
    ]

    twice = [dict(row) for row in rows]
    twice[3]["id"] = ""  # a new row, claiming the first row's external reference
    twice[3]["external_id"] = twice[0]["external_id"]
    report = run_import(store.tracker, as_csv(twice), Options("commitments"))
    assert [(e["row"], e["field"], e["message"]) for e in report["errors"]] == [
        (4, "external_id", "names the same record as row 1")
    ]
    assert head(store) == before


def test_text_a_spreadsheet_would_run_comes_back_as_written(store: Services) -> None:
    """The export defuses `=`, `+`, `-` and `@` with a `'`; the import takes it off again, so
    the own export still re-imports adding nothing."""
    written = {
        "KE0001": {"Commitment Title": "-30% in procurement delays", "Lead Institution": "'=x"},
        "KE0002": {"Commitment Title": "@county: publish contracts"},
    }
    imported(store, sample(**FIXED, **written))
    rows = exported_rows(store)
    assert {row["text"] for row in rows} >= {
        "'-30% in procurement delays",
        "'@county: publish contracts",
    }
    assert "''=x" in {row["institution"] for row in rows}
    before = head(store)
    report = run_import(store.tracker, as_csv(rows), Options("commitments"))
    assert (report["unchanged"], report["errors"]) == (5, [])
    assert head(store) == before
    found = store.tracker.find_by_external_ref("commitment", "ogp-irm", "KE0001")
    commitment: Any = store.tracker.get("commitment", found)  # type: ignore[arg-type]
    assert commitment.text == "-30% in procurement delays"
    assert commitment.made_by["institution"] == "'=x"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            "Commitment Unique Identifier,Commitment Title\nKE1,Caf\xe9\n".encode("latin-1"),
            "not UTF-8",
        ),
        (
            b"Commitment Unique Identifier;Commitment Title;Lead Institution\nKE1;A;B\n",
            "semicolons",
        ),
        (b"Commitment Unique Identifier,Commitment Title\nKE1,A\n", "'Lead Institution'"),
        (b"", "empty"),
        (b"\n\n", "empty"),
        (b"x" * (33 * 1024 * 1024), "at most 32 MB"),
    ],
)
def test_a_bad_file_gets_a_clear_error_and_saves_nothing(
    store: Services, data: bytes, message: str
) -> None:
    before = head(store)
    report = imported(store, data)
    ((error,),) = [report["errors"]]
    assert error["row"] == 0 and message in error["message"]
    assert head(store) == before


def test_a_byte_order_mark_is_read_as_nothing(store: Services) -> None:
    report = imported(store, b"\xef\xbb\xbf" + sample(**FIXED))
    assert (report["created"], report["errors"]) == (5, [])


def test_a_lead_reimports_into_their_coalition_and_not_into_another(store: Services) -> None:
    from tracker.accounts import add_user, find_user

    add_user(
        store.engine, "wanjiru", "coalition_lead", coalitions=["ke"], password="a long password 1"
    )
    add_user(
        store.engine, "linh", "coalition_lead", coalitions=["vn"], password="a long password 2"
    )
    lead, other = find_user(store.engine, "wanjiru"), find_user(store.engine, "linh")
    assert lead is not None and other is not None
    first = imported(store, sample(**FIXED), user=lead, by=lead.id)
    assert (first["created"], first["errors"]) == (5, [])
    again = imported(
        store,
        sample(**FIXED, KE0001={"Completion (End Of Term)": "Complete"}),
        user=lead,
        by=lead.id,
    )
    assert (again["updated"], again["unchanged"], again["errors"]) == (1, 4, [])
    refused = imported(store, sample(**FIXED), user=other, by=other.id)
    assert refused["created"] == refused["updated"] == 0
    assert {(e["field"], e["message"]) for e in refused["errors"]} == {
        ("coalition", "you may import only into coalitions you lead")
    }
