"""The signed link in each digest that turns a user's digests off, no sign-in needed.

The token is the user's id signed with SECRET_KEY (itsdangerous, with a salt of its own so
that no other signed value of the tracker can stand in for it). It does not expire: a
link in an old e-mail still works, as mail clients' one-click unsubscribe expects.
"""

from __future__ import annotations

from itsdangerous import BadSignature, URLSafeSerializer

SALT = "tracker.reminders.unsubscribe"


def _serializer(key: str) -> URLSafeSerializer:
    return URLSafeSerializer(key, salt=SALT)


def unsubscribe_token(key: str, user_id: str) -> str:
    """The token of the user's unsubscribe link."""
    return str(_serializer(key).dumps({"user": user_id}))


def user_of(key: str, token: str) -> str | None:
    """The user id a token was signed for; None when it is bad or tampered with."""
    if not token or len(token) > 500:
        return None
    try:
        value = _serializer(key).loads(token)
    except BadSignature:
        return None
    user = value.get("user") if isinstance(value, dict) else None
    return user if isinstance(user, str) else None
