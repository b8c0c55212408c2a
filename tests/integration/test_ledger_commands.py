"""`tracker verify` and `tracker export audit-pack` as an evaluator runs them: exit codes and
last lines exactly as DESIGN.md words them, and packs checked with no database."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import create_engine, text

from tests.integration.story import Story
from tracker.cli import main
from tracker.composition import open_services
from tracker.settings import Settings

NO_DATABASE = {"DATABASE_URL": "mysql://nowhere/tracker"}  # a pack must not need one


@pytest.fixture
def url(database_url: str) -> str:
    services = open_services(Settings(database_url=database_url))
    try:
        Story.told(services.tracker)
    finally:
        services.close()
    return database_url


def run(url: str | None, *args: str) -> Result:
    env = {"DATABASE_URL": url} if url else NO_DATABASE
    return CliRunner().invoke(main, list(args), env=env)


def last_line(result: Result) -> str:
    return result.stdout.strip().splitlines()[-1]


def tamper(url: str, statement: str) -> None:
    engine = create_engine(Settings(database_url=url).sqlalchemy_url)
    postgres = engine.dialect.name == "postgresql"
    events = "tracker_events" if postgres else "stored_events"
    position = "notification_id" if postgres else "rowid"
    with engine.begin() as connection:
        connection.execute(text(statement.format(events=events, position=position)))
    engine.dispose()


def test_verify_prints_the_head_and_exits_0_on_an_honest_store(url: str) -> None:
    result = run(url, "verify")
    assert result.exit_code == 0, result.output
    count, head = last_line(result).removeprefix("verified ").split(" events; head ")
    assert int(count) >= 9  # the story's events
    assert head.startswith(f"{count}:") and len(head.split(":")[1]) == 64

    again = run(url, "verify", "--head", head)
    assert (again.exit_code, last_line(again)) == (0, last_line(result))


def test_verify_names_the_position_and_reason_and_exits_1(url: str) -> None:
    noted = last_line(run(url, "verify")).split("head ")[1]
    tamper(url, "UPDATE {events} SET topic = topic || '.forged' WHERE {position} = 3")
    result = run(url, "verify")
    assert (result.exit_code, last_line(result)) == (1, "broken at position 3: edited")

    tamper(url, "DELETE FROM {events} WHERE {position} = 3")
    result = run(url, "verify", "--head", noted)
    assert (result.exit_code, last_line(result)) == (1, "broken at position 3: missing")


def test_a_noted_head_cut_off_the_tail_is_truncated(url: str) -> None:
    noted = last_line(run(url, "verify")).split("head ")[1]
    position = int(noted.split(":")[0])
    tamper(url, f"DELETE FROM {{events}} WHERE {{position}} = {position}")
    tamper(url, f"DELETE FROM {{events}}_ledger WHERE position = {position}")
    assert run(url, "verify").exit_code == 0
    result = run(url, "verify", "--head", noted)
    assert (result.exit_code, last_line(result)) == (1, f"broken at position {position}: truncated")


def test_a_malformed_head_is_a_usage_error(url: str) -> None:
    result = run(url, "verify", "--head", "12:abc")
    assert result.exit_code == 2
    assert "POSITION:HASH" in result.stderr


def test_an_audit_pack_verifies_with_no_database(url: str, tmp_path: Path) -> None:
    pack = tmp_path / "pack.zip"
    made = run(url, "export", "audit-pack", "-o", str(pack))
    assert made.exit_code == 0, made.output
    head = last_line(run(url, "verify")).split("head ")[1]
    with zipfile.ZipFile(pack) as opened:
        names = set(opened.namelist())
        manifest = json.loads(opened.read("manifest.json"))
        first = json.loads(opened.read("events.jsonl").splitlines()[0])
    assert names == {
        "events.jsonl", "manifest.json", "commitments.csv", "timeline.csv", "budget.csv",
        "outcomes.csv", "evidence.csv",
    }  # fmt: skip
    assert manifest["head"] == head and manifest["coalition"] is None
    assert set(manifest["files"]) == names - {"manifest.json"}
    assert {"position", "record", "version", "type", "data", "hash"} <= set(first)
    assert first["type"] == "coalition.registered" and first["data"]["code"] == "ke"

    checked = run(None, "verify", "--pack", str(pack))
    assert (checked.exit_code, last_line(checked)) == (
        0,
        f"verified {manifest['events']} events; head {head}",
    )
    with_head = run(None, "verify", "--pack", str(pack), "--head", head)
    assert with_head.exit_code == 0


def test_a_pack_with_one_changed_byte_does_not_verify(url: str, tmp_path: Path) -> None:
    pack, changed = tmp_path / "pack.zip", tmp_path / "changed.zip"
    run(url, "export", "audit-pack", "-o", str(pack))
    with zipfile.ZipFile(pack) as source, zipfile.ZipFile(changed, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "commitments.csv":
                data = data.replace(b"2025", b"2026", 1)
            target.writestr(item, data)
    result = run(None, "verify", "--pack", str(changed))
    assert (result.exit_code, last_line(result)) == (
        1, "broken: commitments.csv does not match manifest.json",
    )  # fmt: skip

    raw = bytearray(pack.read_bytes())
    raw[200] ^= 0x01  # inside the compressed events.jsonl
    pack.write_bytes(bytes(raw))
    result = run(None, "verify", "--pack", str(pack))
    assert result.exit_code == 1
    assert last_line(result).startswith("broken: ")


def test_an_event_rewritten_in_a_pack_with_a_new_manifest_is_edited(
    url: str, tmp_path: Path
) -> None:
    import hashlib

    pack, changed = tmp_path / "pack.zip", tmp_path / "changed.zip"
    run(url, "export", "audit-pack", "-o", str(pack))
    with zipfile.ZipFile(pack) as source:
        lines = source.read("events.jsonl").splitlines()
        manifest = json.loads(source.read("manifest.json"))
        others = {
            i.filename: source.read(i) for i in source.infolist() if i.filename.endswith(".csv")
        }
    line = json.loads(lines[2])
    line["topic"] += ".forged"
    lines[2] = json.dumps(line).encode()
    events = b"\n".join(lines) + b"\n"
    manifest["files"]["events.jsonl"] = hashlib.sha256(events).hexdigest()
    with zipfile.ZipFile(changed, "w") as target:
        for name, data in others.items():
            target.writestr(name, data)
        target.writestr("events.jsonl", events)
        target.writestr("manifest.json", json.dumps(manifest))
    result = run(None, "verify", "--pack", str(changed))
    assert (result.exit_code, last_line(result)) == (
        1,
        f"broken at position {line['position']}: edited",
    )


def test_a_coalition_pack_says_which_coalition_and_verifies(url: str, tmp_path: Path) -> None:
    pack = tmp_path / "ke.zip"
    assert run(url, "export", "audit-pack", "--coalition", "ke", "-o", str(pack)).exit_code == 0
    with zipfile.ZipFile(pack) as opened:
        manifest = json.loads(opened.read("manifest.json"))
    assert manifest["coalition"] == "ke"
    result = run(None, "verify", "--pack", str(pack))
    assert result.exit_code == 0, result.output


def test_audit_pack_needs_an_output_file(url: str) -> None:
    result = run(url, "export", "audit-pack")
    assert result.exit_code == 2
    assert "-o FILE.zip" in result.stderr
