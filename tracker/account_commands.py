"""`tracker users add|list|disable|token`, as plain functions the click CLI wires up.

Each takes the running services and the streams to write to, and returns the exit code:
messages go to standard error, so that `users add` and `users token` can print the token
alone as the last line of standard output, for scripts to capture.
"""

from __future__ import annotations

import json
import secrets
import sys
from typing import TextIO

from tracker.accounts import (
    AccountError,
    User,
    add_user,
    disable_user,
    find_user,
    list_users,
    new_token,
    set_user,
)
from tracker.composition import Services
from tracker.errors import RecordNotFound
from tracker.sessions import end_sessions


def add_user_command(
    services: Services,
    name: str,
    role: str,
    coalitions: tuple[str, ...] = (),
    *,
    password_stdin: bool = False,
    email: str | None = None,
    language: str | None = None,
    stdin: TextIO | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """`users add NAME --role ROLE [--coalition CODE ...] [--password-stdin] [--email ADDRESS]
    [--language CODE]`.

    The password, if any, is the first line of standard input, never an argument (which
    would show in the process list and the shell history).
    """
    out, err = out or sys.stdout, err or sys.stderr
    password = None
    if password_stdin:
        password = (stdin or sys.stdin).readline().rstrip("\r\n")
        if not password:
            print("error: --password-stdin read an empty password", file=err)
            return 1
    try:
        for code in coalitions:
            services.tracker.coalition_id(code.strip().lower())
        user, token = add_user(
            services.engine,
            name,
            role,
            coalitions=coalitions,
            password=password,
            email=email,
            language=language,
        )
    except RecordNotFound as missing:
        print(f"error: unknown coalition: {missing}", file=err)
        return 1
    except AccountError as error:
        print(f"error: {error}", file=err)
        return 1
    print(f"created {describe(user)}; its API token follows (shown only once)", file=err)
    print(token, file=out)
    return 0


def list_users_command(
    services: Services, *, as_json: bool = False, out: TextIO | None = None
) -> int:
    """`users list`: name, role, coalitions and whether disabled; never tokens."""
    out = out or sys.stdout
    found = list_users(services.engine)
    if as_json:
        rows = [
            {
                "id": u.id,
                "name": u.name,
                "role": u.role,
                "coalitions": list(u.coalitions),
                "disabled": u.disabled,
                "created_at": u.created_at.isoformat(),
                "email": u.email,
                "language": u.language,
            }
            for u in found
        ]
        print(json.dumps(rows, indent=2), file=out)
        return 0
    for user in found:
        print(describe(user), file=out)
    return 0


def set_user_command(
    services: Services,
    name: str,
    *,
    email: str | None = None,
    language: str | None = None,
    err: TextIO | None = None,
) -> int:
    """`users set NAME [--email ADDRESS] [--language CODE]`: what is not given stays."""
    err = err or sys.stderr
    if email is None and language is None:
        print("error: nothing to set: give --email or --language", file=err)
        return 1
    try:
        user = set_user(services.engine, name, email=email, language=language)
    except AccountError as error:
        print(f"error: {error}", file=err)
        return 1
    print(f"set {describe(user)}", file=err)
    return 0


def disable_user_command(
    services: Services, name: str, *, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """`users disable NAME`: the user's tokens and password stop working at once."""
    out, err = out or sys.stdout, err or sys.stderr
    try:
        user = disable_user(services.engine, name)
        end_sessions(services.engine, user.id)
    except AccountError as error:
        print(f"error: {error}", file=err)
        return 1
    print(f"disabled {describe(user)}", file=err)
    return 0


def new_token_command(
    services: Services, name: str, *, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """`users token NAME`: a new token, printed as the last line; the old one stops working."""
    out, err = out or sys.stdout, err or sys.stderr
    try:
        token = new_token(services.engine, name)
        found = find_user(services.engine, name)
        if found is not None:  # a new token ends the web sessions too, a stolen cookie included
            end_sessions(services.engine, found.id)
    except AccountError as error:
        print(f"error: {error}", file=err)
        return 1
    print(f"new API token for {name} (the old one no longer works):", file=err)
    print(token, file=out)
    return 0


def create_demo_accounts(services: Services) -> list[tuple[User, str, str]]:
    """The demo accounts with the fixed ids the demo events name, their new API tokens and
    new random sign-in passwords.

    Accounts that exist already are left alone (their secrets were shown when they were
    made), so this returns only the accounts it created: `make run` prints them once.
    """
    from tracker.demo import DEMO_ACCOUNTS, demo_user_id  # the demo is optional baggage

    created = []
    for account in DEMO_ACCOUNTS:
        if find_user(services.engine, account.name) is not None:
            continue
        password = secrets.token_urlsafe(9)
        try:
            user, token = add_user(
                services.engine,
                account.name,
                account.role,
                coalitions=account.coalitions,
                password=password,
                user_id=demo_user_id(account.name),
            )
        except AccountError:  # another process made it at the same moment
            continue
        created.append((user, token, password))
    return created


def describe(user: User) -> str:
    """`wanjiru  coalition_lead  ke  (disabled)`, one line a person reads."""
    parts = [user.name, user.role]
    if user.coalitions:
        parts.append(",".join(user.coalitions))
    if user.email:
        parts.append(f"<{user.email}>")
    if user.language:
        parts.append(user.language)
    if user.disabled:
        parts.append("(disabled)")
    return "  ".join(parts)
