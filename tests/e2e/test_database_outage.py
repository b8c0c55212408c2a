"""Issue 10, finding 16: while PostgreSQL cannot be reached every answer is a quick 503, and
service resumes by itself. The outage is made by a TCP proxy of the test's own, stopped and
started again in front of the real server (which is never stopped)."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator

import pytest

from tests.api import bodies
from tests.api.conftest import make_app, make_users
from web.services import close_services

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


class Proxy:
    """Forwards 127.0.0.1:<port> to PostgreSQL until stopped; can be started again."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target, self.port = target, 0
        self.listener: socket.socket | None = None
        self.open: list[socket.socket] = []

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.port, self.listener = listener.getsockname()[1], listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self) -> None:
        if self.listener is not None:
            with contextlib.suppress(OSError):  # wakes the thread blocked in accept()
                self.listener.shutdown(socket.SHUT_RDWR)
            self.listener.close()
            self.listener = None
        for connection in self.open:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
            connection.close()
        self.open.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            self.open += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for end in (source, sink):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)


@pytest.fixture
def proxy() -> Iterator[Proxy]:
    made = Proxy(("127.0.0.1", 5432))
    made.start()
    yield made
    made.stop()


def timed(call):  # type: ignore[no-untyped-def]
    started = time.monotonic()
    answer = call()
    return answer, time.monotonic() - started


def test_an_unreachable_database_is_a_quick_503_and_service_resumes_by_itself(
    postgres_url: str, proxy: Proxy
) -> None:
    url = postgres_url.replace("@127.0.0.1:5432/", f"@127.0.0.1:{proxy.port}/")
    assert url != postgres_url
    app = make_app(url)
    try:
        users = make_users(app)
        admin, client = users["admin"], app.test_client()
        assert admin.post("/api/v1/coalitions", bodies.coalition("ke")).status_code == 201
        proxy.stop()
        time.sleep(1.1)  # past the probe's last good answer
        health, took = timed(lambda: client.get("/healthz"))
        assert health.status_code == 503 and took < 5, took
        assert health.get_json()["store"] == "down"
        write, took = timed(lambda: admin.post("/api/v1/coalitions", bodies.coalition("vn")))
        assert write.status_code == 503 and took < 5, took
        assert write.mimetype == "application/problem+json"
        assert write.headers["Retry-After"]
        proxy.start()
        deadline = time.monotonic() + 20
        while client.get("/healthz").status_code != 200 and time.monotonic() < deadline:
            time.sleep(0.5)
        assert client.get("/healthz").status_code == 200
        again = admin.post("/api/v1/coalitions", bodies.coalition("vn", "Vietnam"))
        assert again.status_code == 201, again.get_data(as_text=True)
    finally:
        proxy.stop()
        close_services(app)
