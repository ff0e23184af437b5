"""A real HTTP server on loopback that plays the World Bank Indicators API v2, with faults.

It serves the recorded responses in ``tests/fixtures/worldbank`` and pages their rows itself
(``per_page``/``page`` from the query), so a test can ask for ``per_page=10`` and get many pages.
HTTP/1.1 with Content-Length, so a client can keep one connection alive across pages.

Faults are queued with ``stub.inject(fault, times=..., page=...)`` and consumed by the next
matching requests: an HTTP status (with headers such as Retry-After), a connection reset, a
body cut short, a hang longer than the client's read timeout, a raw body (XML, truncated JSON,
error payloads), or a change to the data between pages. Every request is recorded (path,
query, client port) so tests can assert on paging, retries and connection reuse.

    with WorldBankStub() as stub:
        client = WorldBankClient(stub.base_url)

or use the ``wb_stub`` pytest fixture (``pytest_plugins = ["tests.support.wb_server"]``).
"""

from __future__ import annotations

import contextlib
import copy
import json
import math
import socket
import struct
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "worldbank"
PREFIX = "/v2"
JSON_TYPE = "application/json;charset=utf-8"
DEFAULT_PER_PAGE = 50


# -- faults --------------------------------------------------------------------------------


@dataclass
class Fault:
    """What to do instead of (or before) the normal answer. Build with the helpers below."""

    kind: str  # status | reset | drop | hang | body | mutate
    status: int = 200
    body: bytes = b""
    content_type: str = JSON_TYPE
    headers: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    mutate: Callable[[WorldBankStub], None] | None = None


def http_status(
    status: int, *, retry_after: float | str | None = None, body: str | None = None
) -> Fault:
    """Answer with this HTTP status (an HTML body unless given), optionally with Retry-After."""
    headers = {} if retry_after is None else {"Retry-After": str(retry_after)}
    text = body if body is not None else f"<html><body><h1>{status}</h1></body></html>"
    return Fault(
        "status", status=status, body=text.encode(), content_type="text/html", headers=headers
    )


def connection_reset() -> Fault:
    """Read the request, then reset the TCP connection (RST) without answering."""
    return Fault("reset")


def drop_mid_body() -> Fault:
    """Send the normal headers and half the normal body, then close the connection."""
    return Fault("drop")


def hang(seconds: float) -> Fault:
    """Say nothing for ``seconds`` (or until the server stops), then close the connection."""
    return Fault("hang", seconds=seconds)


def raw_body(body: str, *, status: int = 200, content_type: str = JSON_TYPE) -> Fault:
    """Answer with exactly this body."""
    return Fault("body", status=status, body=body.encode(), content_type=content_type)


def error_payload(*, status: int = 200) -> Fault:
    """The API's ``[{"message": [...]}]`` error body (recorded), with the given status."""
    return raw_body(load_fixture_text("error_invalid_value.json"), status=status)


def change_data(mutate: Callable[[WorldBankStub], None]) -> Fault:
    """Run ``mutate(stub)`` (e.g. add rows), then answer normally from the changed data."""
    return Fault("mutate", mutate=mutate)


@dataclass
class _Armed:
    fault: Fault
    times: int
    path: str | None
    page: int | None


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the server saw it."""

    path: str
    query: dict[str, str]
    client_port: int
    headers: dict[str, str]

    @property
    def page(self) -> int:
        return int(self.query.get("page", "1"))


# -- fixtures on disk ----------------------------------------------------------------------


def load_fixture_text(name: str) -> str:
    return (FIXTURES_DIR / name).read_text(encoding="utf-8")


def load_fixture(name: str) -> Any:
    return json.loads(load_fixture_text(name))


@dataclass
class Dataset:
    """The recorded rows of one indicator and the header fields that are not about paging."""

    rows: list[dict[str, Any]]
    sourceid: str | None
    lastupdated: str | None


# -- the server ----------------------------------------------------------------------------


class WorldBankStub:
    """Loopback World Bank API. Start with ``start()`` or ``with``; ``base_url`` ends in /v2."""

    def __init__(self, fixtures_dir: Path = FIXTURES_DIR) -> None:
        self.indicators: dict[str, Dataset] = {}
        self.metadata: dict[str, dict[str, Any]] = {}
        for path in sorted(fixtures_dir.glob("indicator_meta_*.json")):
            header, rows = json.loads(path.read_text(encoding="utf-8"))
            self.metadata[rows[0]["id"].upper()] = {"header": header, "rows": rows}
        for path in sorted(fixtures_dir.glob("indicator_*.json")):
            if path.name.startswith("indicator_meta_"):
                continue
            header, rows = json.loads(path.read_text(encoding="utf-8"))
            code = path.stem.removeprefix("indicator_").upper()
            self.indicators[code] = Dataset(rows, header.get("sourceid"), header["lastupdated"])
        self.countries: list[dict[str, Any]] = json.loads(
            (fixtures_dir / "country.json").read_text(encoding="utf-8")
        )[1]
        self.requests: list[RecordedRequest] = []
        self.errors: list[BaseException] = []
        self._faults: list[_Armed] = []
        # Re-entrant: a change_data callback may call back into the stub.
        self._lock = threading.RLock()
        self._stop = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # lifecycle

    def start(self) -> WorldBankStub:
        server = _Server(("127.0.0.1", 0), _Handler)
        server.stub = self
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.close_all_connections()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> WorldBankStub:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None, "start() the stub first"
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}{PREFIX}"

    # test helpers

    def inject(
        self, fault: Fault, *, times: int = 1, path: str | None = None, page: int | None = None
    ) -> None:
        """Queue a fault for the next ``times`` requests whose path contains ``path`` and
        (if given) whose ``page`` query parameter equals ``page``. Faults fire in order."""
        with self._lock:
            self._faults.append(_Armed(fault, times, path, page))

    def requests_to(self, path_part: str) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if path_part in r.path]

    def pending_faults(self) -> int:
        with self._lock:
            return sum(a.times for a in self._faults)

    # request handling (called from handler threads)

    def _record_and_pick(self, rec: RecordedRequest) -> Fault | None:
        with self._lock:
            self.requests.append(rec)
            for armed in self._faults:
                if armed.path is not None and armed.path not in rec.path:
                    continue
                if armed.page is not None and armed.page != rec.page:
                    continue
                armed.times -= 1
                if armed.times <= 0:
                    self._faults.remove(armed)
                return armed.fault
        return None

    def _route(self, path: str, query: dict[str, str]) -> tuple[int, str, bytes]:
        """The normal answer: (status, content type, body)."""
        if not path.startswith(PREFIX + "/"):
            return 404, "text/html", b"<html><body><h1>404 Not Found</h1></body></html>"
        parts = [unquote(p) for p in path[len(PREFIX) + 1 :].split("/") if p]
        if query.get("format", "").lower() != "json":
            # The real API answers XML without format=json; a JSON client would choke on it.
            return 200, "text/xml", b'<?xml version="1.0" encoding="utf-8"?><wb:data/>'
        with self._lock:
            if len(parts) == 4 and parts[0] == "country" and parts[2] == "indicator":
                return self._data(parts[1], parts[3], query)
            if parts == ["country"]:
                return self._page(self.countries, query, {}, per_page_as_str=True)
            if len(parts) == 2 and parts[0] == "indicator":
                meta = self.metadata.get(parts[1].upper())
                if meta is None:
                    return 200, JSON_TYPE, load_fixture_text("error_invalid_value.json").encode()
                return 200, JSON_TYPE, _dumps([meta["header"], meta["rows"]])
        return 404, "text/html", b"<html><body><h1>404 Not Found</h1></body></html>"

    def _data(self, countries: str, code: str, query: dict[str, str]) -> tuple[int, str, bytes]:
        dataset = self.indicators.get(code.upper())
        if dataset is None:
            # What the API says for an unknown indicator code: an error payload with HTTP 200.
            return 200, JSON_TYPE, load_fixture_text("error_invalid_value.json").encode()
        rows = dataset.rows
        if countries.lower() != "all":
            wanted = {c.upper() for c in countries.split(";")}
            rows = [
                r
                for r in rows
                if r["countryiso3code"].upper() in wanted or r["country"]["id"].upper() in wanted
            ]
        if "date" in query:
            first, _, last = query["date"].partition(":")
            lo, hi = int(first), int(last or first)
            rows = [r for r in rows if lo <= int(r["date"]) <= hi]
        extra = {"sourceid": dataset.sourceid, "lastupdated": dataset.lastupdated}
        return self._page(rows, query, extra)

    @staticmethod
    def _page(
        rows: list[dict[str, Any]],
        query: dict[str, str],
        extra: dict[str, Any],
        *,
        per_page_as_str: bool = False,
    ) -> tuple[int, str, bytes]:
        per_page = int(query.get("per_page", DEFAULT_PER_PAGE))
        page = int(query.get("page", 1))
        total = len(rows)
        pages = math.ceil(total / per_page)
        header: dict[str, Any] = {
            "page": page,
            "pages": pages,
            "per_page": str(per_page) if per_page_as_str else per_page,
            "total": total,
            **extra,
        }
        if total == 0:
            # The real empty answer: sourceid null, rows null.
            header.update(page=1, sourceid=None)
            return 200, JSON_TYPE, _dumps([header, None])
        chunk = rows[(page - 1) * per_page : page * per_page]
        return 200, JSON_TYPE, _dumps([header, chunk or None])


def _dumps(payload: Any) -> bytes:
    return json.dumps(payload, separators=(",", ":")).encode()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    stub: WorldBankStub

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._connections: set[socket.socket] = set()
        self._to_reset: set[socket.socket] = set()
        self._conn_lock = threading.Lock()
        super().__init__(*args, **kwargs)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._conn_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._conn_lock:
            self._connections.discard(request)
            reset = request in self._to_reset
            self._to_reset.discard(request)
        if reset:
            # No shutdown(SHUT_WR) first: that would send FIN. close() with linger 0 sends RST.
            self.close_request(request)
        else:
            super().shutdown_request(request)

    def mark_for_reset(self, request: socket.socket) -> None:
        request.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        with self._conn_lock:
            self._to_reset.add(request)

    def close_all_connections(self) -> None:
        """Unblock handler threads waiting on idle keep-alive connections."""
        with self._conn_lock:
            connections = list(self._connections)
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        exc = sys.exc_info()[1]
        # Clients that time out or are reset on purpose leave broken pipes behind: expected.
        if exc is not None and not isinstance(exc, ConnectionError | TimeoutError):
            self.stub.errors.append(exc)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; with Nagle on, each response waits ~40 ms.
    disable_nagle_algorithm = True
    server: _Server
    # An idle keep-alive connection is dropped after this long (the client reconnects).
    timeout = 10

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        stub = self.server.stub
        split = urlsplit(self.path)
        query = dict(parse_qsl(split.query, keep_blank_values=True))
        rec = RecordedRequest(
            path=split.path,
            query=query,
            client_port=self.client_address[1],
            headers=dict(self.headers.items()),
        )
        fault = stub._record_and_pick(rec)
        if fault is None or fault.kind in ("mutate", "drop"):
            if fault is not None and fault.kind == "mutate":
                assert fault.mutate is not None
                with stub._lock:
                    fault.mutate(stub)
            status, content_type, body = stub._route(split.path, query)
            if fault is not None and fault.kind == "drop":
                self._send(status, content_type, body, cut=True)
            else:
                self._send(status, content_type, body)
        elif fault.kind in ("status", "body"):
            self._send(fault.status, fault.content_type, fault.body, fault.headers)
        elif fault.kind == "reset":
            self._reset()
        elif fault.kind == "hang":
            stub._stop.wait(fault.seconds)
            self.close_connection = True
        else:
            raise ValueError(f"unknown fault kind {fault.kind!r}")

    def _send(
        self,
        status: int,
        content_type: str,
        body: bytes,
        headers: dict[str, str] | None = None,
        *,
        cut: bool = False,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if cut:
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(body)

    def _reset(self) -> None:
        self.server.mark_for_reset(self.connection)
        self.close_connection = True


@pytest.fixture
def wb_stub() -> Iterator[WorldBankStub]:
    """A started WorldBankStub, stopped after the test; fails the test on server-side errors."""
    with WorldBankStub() as stub:
        yield stub
        if stub.errors:
            pytest.fail(f"loopback World Bank server errors: {stub.errors!r}")


def fixture_rows(name: str) -> list[dict[str, Any]]:
    """The recorded rows of a fixture file (a deep copy, safe to modify)."""
    return copy.deepcopy(load_fixture(name)[1])
