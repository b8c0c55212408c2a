"""Accounts: users, roles, coalitions, password and token hashes (SQL rows, not events).

Users are not part of the advocacy story, so they live in plain tables beside the events;
events name users by id only. API tokens are random 256-bit strings stored only as their
SHA-256 (fast enough for every request); web passwords use argon2 (slow on purpose).
Other tables of plain rows join this module's `metadata`: web sessions' generations and
sign-in failures (tracker.sessions), the API's idempotency keys (tracker.idempotency).
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Engine,
    ForeignKey,
    MetaData,
    String,
    Table,
    Text,
    delete,
    insert,
    inspect,
    select,
    true,
    update,
)
from sqlalchemy.exc import IntegrityError

from domain.texts import unsafe_characters
from domain.vocabularies import COALITION_CODE
from tracker.languages import LANGUAGES

metadata = MetaData()

ROLES = ("admin", "coalition_lead", "executive", "evaluator", "viewer")
MIN_PASSWORD = 12

users = Table(
    "users",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("role", String(20), nullable=False),
    Column("coalitions", JSON, nullable=False),  # coalition codes, for coalition leads
    Column("password_hash", Text, nullable=True),
    Column("disabled", Boolean, nullable=False, default=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # Added 2026-12-05 (see ensure_columns): where reminders go, in which language, and
    # whether the user turned the daily digest off.
    Column("email", String(254), nullable=True),
    Column("language", String(8), nullable=True),
    Column("digests", Boolean, nullable=False, default=True, server_default=true()),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),  # SHA-256 hex; the token is never kept
    Column("user_id", String(36), ForeignKey("users.id"), nullable=False, index=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

_hasher = PasswordHasher()
_unknown: list[str] = []


def _unknown_hash() -> str:
    """A hash of a random password, verified against when there is no password to check."""
    if not _unknown:
        _unknown.append(_hasher.hash(secrets.token_urlsafe(32)))
    return _unknown[0]


class AccountError(ValueError):
    """An account cannot be created or changed as asked (taken name, unknown coalition...)."""


@dataclass(frozen=True)
class User:
    """Who is acting: id (as events record it), name, role and the coalitions a lead works for,
    with where and in which language to write to them."""

    id: str
    name: str
    role: str
    coalitions: tuple[str, ...]
    disabled: bool
    created_at: datetime
    email: str | None = None
    language: str | None = None  # one of tracker.languages.LANGUAGES; None: as the browser asks
    digests: bool = True  # the daily reminder digest; turned off by its unsubscribe link


def hash_token(token: str) -> str:
    """The SHA-256 hex digest under which a token is stored and looked up."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def add_user(
    engine: Engine,
    name: str,
    role: str,
    *,
    coalitions: Iterable[str] = (),
    password: str | None = None,
    user_id: str | None = None,
    email: str | None = None,
    language: str | None = None,
) -> tuple[User, str]:
    """Create a user and its first API token; the token is returned once and never stored.

    Coalition codes are checked for form here; whether each coalition exists is the
    caller's question (it needs the event store): see tracker.account_commands.
    """
    codes = tuple(dict.fromkeys(code.strip().lower() for code in coalitions))
    name = name.strip()
    if not name or len(name) > 100:
        raise AccountError("a user name must be 1 to 100 characters")
    if role not in ROLES:
        raise AccountError(f"role must be one of: {', '.join(ROLES)}")
    if password is not None and len(password) < MIN_PASSWORD:
        raise AccountError(f"a password must be at least {MIN_PASSWORD} characters")
    if role == "coalition_lead" and not codes:
        raise AccountError("a coalition_lead needs at least one --coalition")
    if role != "coalition_lead" and codes:
        raise AccountError("only a coalition_lead works for given coalitions")
    for code in codes:
        if not COALITION_CODE.match(code):
            raise AccountError(f"{code!r} is not a coalition code")
    email = checked_email(email)
    language = checked_language(language)
    user = User(
        id=user_id or str(uuid.uuid4()),
        name=name,
        role=role,
        coalitions=codes,
        disabled=False,
        created_at=datetime.now(UTC),
        email=email,
        language=language,
    )
    token = secrets.token_urlsafe(32)
    try:
        with engine.begin() as connection:
            connection.execute(
                insert(users).values(
                    id=user.id,
                    name=user.name,
                    role=user.role,
                    coalitions=list(codes),
                    password_hash=_hasher.hash(password) if password else None,
                    disabled=False,
                    created_at=user.created_at,
                    email=email,
                    language=language,
                    digests=True,
                )
            )
            connection.execute(
                insert(api_tokens).values(
                    token_hash=hash_token(token), user_id=user.id, created_at=user.created_at
                )
            )
    except IntegrityError:
        raise AccountError(f"the name {name!r} (or id {user.id}) is taken") from None
    return user, token


def checked_email(email: str | None) -> str | None:
    """The address, trimmed, when it can be written to (`name@host.tld`); "" or None is none."""
    if email is None or not email.strip():
        return None
    email = email.strip()
    local, _, host = email.rpartition("@")
    if (
        len(email) > 254
        or not local
        or "." not in host.strip(".")
        or any(c.isspace() or c in '<>,;"' for c in email)
        or unsafe_characters(email)
        or "@" in host
    ):
        raise AccountError(f"{email!r} is not an e-mail address")
    return email


def checked_language(language: str | None) -> str | None:
    """The language code when the tracker speaks it; "" or None is none (as the browser asks)."""
    if language is None or not language.strip():
        return None
    code = language.strip().lower()
    if code not in LANGUAGES:
        raise AccountError(f"language must be one of: {', '.join(LANGUAGES)}")
    return code


def set_user(
    engine: Engine,
    name: str,
    *,
    email: str | None = None,
    language: str | None = None,
    digests: bool | None = None,
) -> User:
    """Change a user's e-mail address, language or digest choice; None leaves it as it is,
    "" removes an address or a language."""
    values: dict[str, object] = {}
    if email is not None:
        values["email"] = checked_email(email)
    if language is not None:
        values["language"] = checked_language(language)
    if digests is not None:
        values["digests"] = digests
    with engine.begin() as connection:
        found = connection.execute(select(users.c.id).where(users.c.name == name)).first()
        if found is None:
            raise AccountError(f"no user named {name!r}")
        if values:
            connection.execute(update(users).where(users.c.id == found.id).values(**values))
    user = find_user(engine, name)
    assert user is not None
    return user


def find_user_by_id(engine: Engine, user_id: str) -> User | None:
    """The user with this id, if any."""
    with engine.connect() as connection:
        row = connection.execute(select(users).where(users.c.id == user_id)).mappings().first()
    return _user(row) if row else None


def ensure_columns(engine: Engine) -> None:
    """Add the columns a release added to `users` to a database made before it.

    `create_all` makes missing tables only; each column here is nullable or has a default,
    so adding it leaves every existing row valid. Run under the setup lock.
    """
    have = {column["name"] for column in inspect(engine).get_columns("users")}
    added = {
        "email": "VARCHAR(254)",
        "language": "VARCHAR(8)",
        "digests": "BOOLEAN NOT NULL DEFAULT "
        + ("true" if engine.dialect.name == "postgresql" else "1"),
    }
    with engine.begin() as connection:
        for column, kind in added.items():
            if column not in have:
                connection.exec_driver_sql(f"ALTER TABLE users ADD COLUMN {column} {kind}")


def list_users(engine: Engine) -> list[User]:
    """Every user, by name."""
    with engine.connect() as connection:
        rows = connection.execute(select(users).order_by(users.c.name)).mappings().all()
    return [_user(row) for row in rows]


def find_user(engine: Engine, name: str) -> User | None:
    """The user with this name, if any."""
    with engine.connect() as connection:
        row = connection.execute(select(users).where(users.c.name == name)).mappings().first()
    return _user(row) if row else None


def user_names(engine: Engine, ids: Iterable[str]) -> dict[str, str]:
    """The name of each user id (events record ids; people read names). An id no user has,
    such as one from an imported history, names itself."""
    wanted = {i for i in ids if i}
    found: dict[str, str] = {}
    ordered = sorted(wanted)
    with engine.connect() as connection:
        for start in range(0, len(ordered), 500):
            chunk = ordered[start : start + 500]
            query = select(users.c.id, users.c.name).where(users.c.id.in_(chunk))
            found.update({row.id: row.name for row in connection.execute(query)})
    return {i: found.get(i, i) for i in wanted}


def disable_user(engine: Engine, name: str) -> User:
    """Stop a user from signing in or using any token; its history stays attributed."""
    with engine.begin() as connection:
        changed = connection.execute(
            update(users).where(users.c.name == name).values(disabled=True)
        ).rowcount
    user = find_user(engine, name)
    if not changed or user is None:
        raise AccountError(f"no user named {name!r}")
    return user


def new_token(engine: Engine, name: str) -> str:
    """A new API token for the user; every token it had before stops working."""
    user = find_user(engine, name)
    if user is None:
        raise AccountError(f"no user named {name!r}")
    token = secrets.token_urlsafe(32)
    with engine.begin() as connection:
        connection.execute(delete(api_tokens).where(api_tokens.c.user_id == user.id))
        connection.execute(
            insert(api_tokens).values(
                token_hash=hash_token(token), user_id=user.id, created_at=datetime.now(UTC)
            )
        )
    return token


def authenticate_token(engine: Engine, token: str) -> User | None:
    """The enabled user this token belongs to, or None."""
    if not token or len(token) > 200:
        return None
    query = (
        select(users)
        .join(api_tokens, api_tokens.c.user_id == users.c.id)
        .where(api_tokens.c.token_hash == hash_token(token), users.c.disabled.is_(False))
    )
    with engine.connect() as connection:
        row = connection.execute(query).mappings().first()
    return _user(row) if row else None


def verify_password(engine: Engine, name: str, password: str) -> User | None:
    """The enabled user if the password is theirs, else None (argon2: about 0.1 s a try)."""
    with engine.connect() as connection:
        row = connection.execute(select(users).where(users.c.name == name)).mappings().first()
    usable = row is not None and not row["disabled"] and bool(row["password_hash"])
    # An unknown name costs the same argon2 work as a wrong password, so the time taken
    # does not tell which names exist.
    stored = row["password_hash"] if usable and row is not None else _unknown_hash()
    try:
        _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return None
    return _user(row) if usable and row is not None else None


def _user(row: object) -> User:
    data = dict(row)  # type: ignore[call-overload]
    created_at = data["created_at"]
    if created_at.tzinfo is None:  # SQLite keeps no offset; every time here is UTC
        created_at = created_at.replace(tzinfo=UTC)
    return User(
        id=data["id"],
        name=data["name"],
        role=data["role"],
        coalitions=tuple(data["coalitions"] or ()),
        disabled=bool(data["disabled"]),
        created_at=created_at,
        email=data.get("email"),
        language=data.get("language"),
        digests=bool(data.get("digests", True)),
    )
