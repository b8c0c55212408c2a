"""`tracker users add ... --email --language` and `tracker users set`, through the command
line itself: exit codes, messages on standard error, and what is refused."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from click.testing import CliRunner, Result

from tracker.accounts import find_user
from tracker.cli import main
from tracker.composition import open_services
from tracker.settings import Settings


@pytest.fixture
def cli(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    services = open_services(Settings(database_url=sqlite_url))
    services.tracker.register_coalition(code="ke", name="Kenya", recorded_by="setup")
    services.close()
    yield CliRunner()


def tracker(cli: CliRunner, *args: str) -> Result:
    return cli.invoke(main, list(args))


def stored(name: str, sqlite_url: str):  # type: ignore[no-untyped-def]
    services = open_services(Settings(database_url=sqlite_url))
    try:
        return find_user(services.engine, name)
    finally:
        services.close()


def test_users_add_keeps_an_address_and_a_language(cli: CliRunner, sqlite_url: str) -> None:
    added = tracker(
        cli, "users", "add", "amina", "--role", "coalition_lead", "--coalition", "ke",
        "--email", " amina@ke.example ", "--language", "FR",
    )  # fmt: skip
    assert added.exit_code == 0, added.stderr
    assert len(added.stdout.splitlines()[-1]) >= 43  # the token, alone, last
    user = stored("amina", sqlite_url)
    assert (user.email, user.language, user.digests) == ("amina@ke.example", "fr", True)
    listed = json.loads(tracker(cli, "users", "list", "--json").stdout)
    assert listed[0]["email"] == "amina@ke.example" and listed[0]["language"] == "fr"


@pytest.mark.parametrize(
    ("option", "value", "says"),
    [
        ("--email", "not-an-address", "is not an e-mail address"),
        ("--email", "a@b", "is not an e-mail address"),
        ("--email", "a b@example.org", "is not an e-mail address"),
        ("--email", "x@example.org\r\nBcc: y@example.org", "is not an e-mail address"),
        ("--language", "de", "language must be one of"),
    ],
)
def test_users_add_refuses_a_bad_address_or_language(
    cli: CliRunner, sqlite_url: str, option: str, value: str, says: str
) -> None:
    added = tracker(cli, "users", "add", "tomas", "--role", "evaluator", option, value)
    assert added.exit_code == 1 and added.stdout == ""
    assert says in added.stderr
    assert stored("tomas", sqlite_url) is None


def test_users_set_changes_and_removes_each_alone(cli: CliRunner, sqlite_url: str) -> None:
    assert tracker(cli, "users", "add", "linh", "--role", "executive").exit_code == 0
    changed = tracker(cli, "users", "set", "linh", "--email", "linh@vn.example")
    assert changed.exit_code == 0 and "linh@vn.example" in changed.stderr
    assert tracker(cli, "users", "set", "linh", "--language", "vi").exit_code == 0
    user = stored("linh", sqlite_url)
    assert (user.email, user.language) == ("linh@vn.example", "vi")
    assert tracker(cli, "users", "set", "linh", "--email", "").exit_code == 0
    user = stored("linh", sqlite_url)
    assert (user.email, user.language) == (None, "vi")
    assert tracker(cli, "users", "set", "linh", "--language", "").exit_code == 0
    assert stored("linh", sqlite_url).language is None


def test_users_set_refuses_nothing_to_set_an_unknown_user_and_bad_values(cli: CliRunner) -> None:
    assert tracker(cli, "users", "add", "linh", "--role", "executive").exit_code == 0
    nothing = tracker(cli, "users", "set", "linh")
    assert nothing.exit_code == 1 and "nothing to set" in nothing.stderr
    unknown = tracker(cli, "users", "set", "nobody", "--email", "n@example.org")
    assert unknown.exit_code == 1 and "no user named 'nobody'" in unknown.stderr
    bad = tracker(cli, "users", "set", "linh", "--language", "klingon")
    assert bad.exit_code == 1 and "language must be one of" in bad.stderr
    bad = tracker(cli, "users", "set", "linh", "--email", "linh@")
    assert bad.exit_code == 1 and "is not an e-mail address" in bad.stderr
