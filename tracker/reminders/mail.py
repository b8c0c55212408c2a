"""Sending e-mail by SMTP, to the server SMTP_URL names.

    smtp://host:25                 plain SMTP (a local relay, a test server)
    smtp://host:587?starttls=1     SMTP upgraded with STARTTLS (also `smtp+starttls://`)
    smtps://host:465               SMTP over TLS from the first byte
    smtp+starttls://user:pa%40ss@relay.example.org:587   with credentials, percent-encoded

The password is never written in a message: errors name the server as `host:port`.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import parse_qs, unquote, urlsplit

from tracker.errors import TrackerError

DEFAULT_PORTS = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}
TIMEOUT = 15  # seconds: a server that does not answer is reported, not waited for


class MailUnavailable(TrackerError):
    """The SMTP server cannot be reached, or refuses to talk to us."""


class MailRefused(TrackerError):
    """The SMTP server took the connection but refused one message (its recipient, say)."""


@dataclass(frozen=True)
class SmtpServer:
    """Where and how to hand e-mail over."""

    host: str
    port: int
    tls: bool = False  # TLS from the start (smtps)
    starttls: bool = False
    username: str | None = None
    password: str | None = None

    @classmethod
    def from_url(cls, url: str) -> SmtpServer:
        """Read SMTP_URL (see the module's docstring); a malformed one is a TrackerError."""
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in DEFAULT_PORTS or not parts.hostname:
            raise TrackerError(
                "SMTP_URL must be smtp://, smtp+starttls:// or smtps://host[:port]"
                f", not {_without_password(url)!r}"
            )
        try:
            port = parts.port or DEFAULT_PORTS[scheme]
        except ValueError:
            raise TrackerError("SMTP_URL has a port that is not a number") from None
        asked = parse_qs(parts.query).get("starttls", ["0"])[-1].lower()
        return cls(
            host=parts.hostname,
            port=port,
            tls=scheme == "smtps",
            starttls=scheme == "smtp+starttls" or asked in ("1", "true", "yes"),
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password is not None else None,
        )

    @property
    def name(self) -> str:
        """`host:port`, how messages name the server."""
        return f"{self.host}:{self.port}"


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return url.replace(f":{parts.password}@", ":***@", 1)


class Mailer:
    """One SMTP session: hands messages over one by one."""

    def __init__(self, server: SmtpServer, connection: smtplib.SMTP) -> None:
        self.server, self.connection = server, connection

    def send(self, message: EmailMessage) -> None:
        """Hand one message over; returns once the server has accepted it."""
        try:
            self.connection.send_message(message)
        except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError) as error:
            to = message["To"]
            raise MailRefused(f"{self.server.name} refused a message to {to}: {error}") from None
        except (OSError, smtplib.SMTPException) as error:
            raise MailUnavailable(f"the SMTP server {self.server.name} failed: {error}") from None


@contextmanager
def connected(server: SmtpServer) -> Iterator[Mailer]:
    """An SMTP session with the server, signed in if the URL names a user; closed after."""
    context = ssl.create_default_context()
    try:
        connection: smtplib.SMTP
        if server.tls:
            connection = smtplib.SMTP_SSL(
                server.host, server.port, timeout=TIMEOUT, context=context
            )
        else:
            connection = smtplib.SMTP(server.host, server.port, timeout=TIMEOUT)
        try:
            if server.starttls:
                connection.starttls(context=context)
            if server.username:
                connection.login(server.username, server.password or "")
        except BaseException:
            connection.close()
            raise
    except (OSError, smtplib.SMTPException) as error:
        raise MailUnavailable(f"cannot send e-mail through {server.name}: {error}") from None
    try:
        yield Mailer(server, connection)
    finally:
        try:
            connection.quit()
        except (OSError, smtplib.SMTPException):
            connection.close()
