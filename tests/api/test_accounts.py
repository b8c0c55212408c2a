"""Accounts and the `tracker users ...` commands: tokens shown once, stored only as hashes."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from tracker.account_commands import (
    add_user_command,
    create_demo_accounts,
    disable_user_command,
    list_users_command,
    new_token_command,
)
from tracker.accounts import (
    AccountError,
    add_user,
    api_tokens,
    authenticate_token,
    hash_token,
    verify_password,
)
from tracker.composition import Services, open_services
from tracker.settings import Settings


@pytest.fixture
def running(sqlite_url: str) -> Iterator[Services]:
    opened = open_services(Settings(database_url=sqlite_url))
    opened.tracker.register_coalition(code="ke", name="Kenya", recorded_by="setup")
    yield opened
    opened.close()


def add(running: Services, *args: str, stdin: str = "", **kwargs: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = add_user_command(
        running,
        *args,
        stdin=io.StringIO(stdin),
        out=out,
        err=err,
        **kwargs,  # type: ignore[arg-type]
    )
    return code, out.getvalue(), err.getvalue()


def test_users_add_prints_the_token_alone_as_the_last_line(running: Services) -> None:
    code, out, err = add(running, "wanjiru", "coalition_lead", ("ke",))
    assert code == 0
    token = out.splitlines()[-1]
    assert out == token + "\n" and len(token) >= 43
    assert "wanjiru" in err
    user = authenticate_token(running.engine, token)
    assert user is not None and user.coalitions == ("ke",)


def test_only_the_hash_of_a_token_is_stored(running: Services) -> None:
    _code, out, _err = add(running, "amina", "executive")
    token = out.strip()
    with running.engine.connect() as connection:
        stored = connection.execute(select(api_tokens.c.token_hash)).scalars().all()
    assert stored == [hash_token(token)] and token not in stored


def test_a_coalition_lead_needs_a_coalition(running: Services) -> None:
    code, out, err = add(running, "lead", "coalition_lead")
    assert code == 1 and out == "" and "coalition" in err


def test_an_unknown_coalition_is_an_error(running: Services) -> None:
    code, out, err = add(running, "lead", "coalition_lead", ("zz",))
    assert code == 1 and out == "" and "zz" in err


def test_a_taken_name_is_an_error(running: Services) -> None:
    assert add(running, "tomas", "evaluator")[0] == 0
    code, out, err = add(running, "tomas", "viewer")
    assert code == 1 and out == "" and "taken" in err


def test_an_unknown_role_is_an_error(running: Services) -> None:
    assert add(running, "x", "superuser")[0] == 1


def test_a_password_is_read_from_stdin_and_hashed_with_argon2(running: Services) -> None:
    code, _out, _err = add(
        running, "linh", "viewer", password_stdin=True, stdin="s3cret-long-passphrase\n"
    )
    assert code == 0
    assert verify_password(running.engine, "linh", "s3cret-long-passphrase") is not None
    assert verify_password(running.engine, "linh", "wrong") is None


def test_a_password_shorter_than_twelve_characters_is_refused(running: Services) -> None:
    code, _out, err = add(running, "linh", "viewer", password_stdin=True, stdin="x\n")
    assert code == 1 and "12" in err
    assert add(running, "linh", "viewer", password_stdin=True, stdin="elevenchars\n")[0] == 1
    assert verify_password(running.engine, "linh", "x") is None
    assert add(running, "linh", "viewer", password_stdin=True, stdin="twelve chars\n")[0] == 0


def test_a_new_token_replaces_the_old_one(running: Services) -> None:
    old = add(running, "amina", "executive")[1].strip()
    out, err = io.StringIO(), io.StringIO()
    assert new_token_command(running, "amina", out=out, err=err) == 0
    new = out.getvalue().splitlines()[-1]
    assert authenticate_token(running.engine, old) is None
    assert authenticate_token(running.engine, new) is not None


def test_a_disabled_user_can_use_neither_token_nor_password(running: Services) -> None:
    token = add(running, "linh", "viewer", password_stdin=True, stdin="pw-long-enough-1\n")[
        1
    ].strip()
    assert disable_user_command(running, "linh", out=io.StringIO(), err=io.StringIO()) == 0
    assert authenticate_token(running.engine, token) is None
    assert verify_password(running.engine, "linh", "pw-long-enough-1") is None
    assert disable_user_command(running, "nobody", out=io.StringIO(), err=io.StringIO()) == 1


def test_users_list_shows_no_secrets(running: Services) -> None:
    token = add(running, "wanjiru", "coalition_lead", ("ke",))[1].strip()
    out = io.StringIO()
    assert list_users_command(running, out=out) == 0
    assert "wanjiru  coalition_lead  ke" in out.getvalue() and token not in out.getvalue()
    out = io.StringIO()
    list_users_command(running, as_json=True, out=out)
    assert '"role": "coalition_lead"' in out.getvalue()


def test_demo_accounts_get_the_ids_the_demo_events_name_and_tokens_once(
    running: Services,
) -> None:
    demo = pytest.importorskip("tracker.demo")
    running.tracker.register_coalition(code="vn", name="Vietnam", recorded_by="setup")
    created = create_demo_accounts(running)
    assert {user.name for user, _, _ in created} == {a.name for a in demo.DEMO_ACCOUNTS}
    for user, token, password in created:
        assert user.id == demo.demo_user_id(user.name)
        assert authenticate_token(running.engine, token) == user
        assert verify_password(running.engine, user.name, password) == user
    assert create_demo_accounts(running) == []


def test_add_user_refuses_coalitions_for_roles_that_have_none(running: Services) -> None:
    with pytest.raises(AccountError):
        add_user(running.engine, "x", "executive", coalitions=("ke",))
