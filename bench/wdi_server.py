"""A loopback server that plays the World Bank Indicators API v2 with real WDI values.

The values are the snapshot's (``data/snapshot/observations.parquet`` and ``wdi_bulk.parquet``):
every economy and aggregate of ``countries.csv`` for every year from 1960 to the snapshot's
latest, ``value: null`` where WDI has none, exactly as the live API answers. Pages are
``[header, rows]`` with the live header (``page``, ``pages``, ``per_page``, ``total``,
``sourceid``, ``lastupdated``) and the live row shape (``indicator``, ``country``,
``countryiso3code``, ``date``, ``value``, ``unit``, ``obs_status``, ``decimal``).

Served:

- ``GET /v2/country[ies]/{codes}/indicator[s]/{code}?format=json&per_page=N&page=P&date=A:B``
  (``codes`` is ``all`` or ISO3 codes joined by ``;``; both the singular paths our client uses
  and the plural ones ``wbdata`` uses);
- scaled copies: ``{code}.X001``, ``{code}.X002``, ... serve ``{code}``'s values under the new
  code, so a benchmark can ask for 10x or 100x the catalogue's indicators;
- an unknown code gets the API's error payload (``message`` id 120) with HTTP 200;
- ``GET /_bench/stats`` (requests served, rows, bytes) and ``GET /_bench/reset``.

``ThreadingHTTPServer`` and HTTP/1.1 with Content-Length: concurrent clients are served
concurrently and a client can keep one connection alive across pages. Rows are rendered to
JSON once per indicator (with a placeholder for the code) and pages are slices of them, so the
server's own cost per row is small and the same whichever client asks.

    python -m bench.wdi_server --port 0          # prints "listening on http://127.0.0.1:PORT/v2"
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

import pyarrow.compute as pc
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT / "data" / "snapshot"
FIRST_YEAR = 1960
LAST_UPDATED = "2025-07-01"
DEFAULT_PER_PAGE = 50
PLACEHOLDER = b"\x00CODE\x00"
SCALED = re.compile(r"^(?P<base>.+)\.X\d{3,}$")
DATA_PATH = re.compile(r"^/v2/countr(?:y|ies)/(?P<countries>[^/]+)/indicators?/(?P<code>[^/]+)$")
ERROR_120 = [
    {
        "message": [
            {
                "id": "120",
                "key": "Invalid value",
                "value": "The provided parameter value is not valid",
            }
        ]
    }
]


class Catalogue:
    """The snapshot's values, rendered once per indicator as JSON rows (newest year first)."""

    def __init__(self, snapshot: Path = SNAPSHOT, files: tuple[str, ...] = ("observations",)):
        import pandas as pd

        self.countries = pd.read_csv(snapshot / "countries.csv", keep_default_na=False)
        self.names = dict(self.countries[["country_iso3", "name"]].itertuples(index=False))
        index = pd.concat(
            [
                pd.read_csv(snapshot / "indicators.csv", usecols=["indicator_code", "name"]),
                pd.read_csv(snapshot / "wdi_bulk_index.csv", usecols=["indicator_code", "name"]),
            ]
        ).drop_duplicates("indicator_code")
        self.indicator_names = dict(index.itertuples(index=False))
        self.tables = [pq.read_table(snapshot / f"{f}.parquet") for f in files]
        self.codes = sorted(
            {c for t in self.tables for c in t["indicator_code"].unique().to_pylist()}
        )
        self.last_year = max(pc.max(t["year"]).as_py() for t in self.tables)
        self._rendered: dict[str, list[tuple[int, str, bytes]]] = {}
        self._lock = threading.Lock()

    def rows(self, base: str) -> list[tuple[int, str, bytes]] | None:
        """``(year, iso3, JSON row with PLACEHOLDER for the code)`` for every country-year of
        ``base``, countries in ISO3 order and years newest first, as the API orders them."""
        with self._lock:
            if base in self._rendered:
                return self._rendered[base]
        values: dict[tuple[str, int], float] = {}
        for table in self.tables:
            part = table.filter(pc.equal(table["indicator_code"], base))
            for iso3, year, value in zip(
                part["country_iso3"].to_pylist(),
                part["year"].to_pylist(),
                part["value"].to_pylist(),
                strict=True,
            ):
                values[(iso3, int(year))] = value
        if not values:
            return None
        name = json.dumps(self.indicator_names.get(base, base))
        head = b'{"indicator":{"id":"' + PLACEHOLDER + b'","value":' + name.encode() + b"},"
        rendered = []
        for iso3 in sorted(self.names):
            country = json.dumps({"id": iso3, "value": self.names[iso3]})
            for year in range(self.last_year, FIRST_YEAR - 1, -1):
                value = values.get((iso3, year))
                tail = (
                    f'"country":{country},"countryiso3code":"{iso3}","date":"{year}",'
                    f'"value":{"null" if value is None else repr(float(value))},'
                    f'"unit":"","obs_status":"","decimal":{0 if value is None else 1}}}'
                )
                rendered.append((year, iso3, head + tail.encode()))
        with self._lock:
            self._rendered[base] = rendered
        return rendered


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: WDIServer

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib's name
        pass

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        query = dict(parse_qsl(parts.query))
        if path == "/_bench/stats":
            self._send(200, json.dumps(self.server.stats()).encode())
            return
        if path == "/_bench/reset":
            self.server.reset()
            self._send(200, b"{}")
            return
        if self.server.latency:
            time.sleep(self.server.latency)
        match = DATA_PATH.match(path)
        if not match:
            self._send(
                404, b'[{"message":[{"id":"160","key":"not found","value":"no such path"}]}]'
            )
            return
        code = match["code"]
        scaled = SCALED.match(code)
        base = scaled["base"] if scaled else code
        rows = self.server.catalogue.rows(base)
        if rows is None:
            self._send(200, json.dumps(ERROR_120).encode())
            return
        if match["countries"].lower() != "all":
            wanted = set(match["countries"].upper().split(";"))
            rows = [r for r in rows if r[1] in wanted]
        date = query.get("date")
        if date:
            first, _, last = date.partition(":")
            lo, hi = int(first), int(last or first)
            rows = [r for r in rows if lo <= r[0] <= hi]
        per_page = int(query.get("per_page", DEFAULT_PER_PAGE))
        page = int(query.get("page", 1))
        total = len(rows)
        pages = max(math.ceil(total / per_page), 1) if total else 0
        header = {
            "page": page,
            "pages": pages,
            "per_page": per_page,
            "total": total,
            "sourceid": "2",
            "lastupdated": LAST_UPDATED,
        }
        chunk = rows[(page - 1) * per_page : page * per_page]
        body = (
            b"[" + json.dumps(header).encode() + b",\n[" + b",\n".join(r[2] for r in chunk) + b"]]"
        ).replace(PLACEHOLDER, code.encode())
        self.server.count(len(chunk), len(body))
        self._send(200, body)

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json;charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class WDIServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64

    def __init__(self, catalogue: Catalogue, port: int = 0, latency: float = 0.0):
        super().__init__(("127.0.0.1", port), Handler)
        self.catalogue = catalogue
        self.latency = latency
        self._stats_lock = threading.Lock()
        self.reset()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v2"

    def count(self, rows: int, size: int) -> None:
        with self._stats_lock:
            self._requests += 1
            self._rows += rows
            self._bytes += size

    def stats(self) -> dict[str, int]:
        with self._stats_lock:
            return {"requests": self._requests, "rows": self._rows, "bytes": self._bytes}

    def reset(self) -> None:
        with self._stats_lock:
            self._requests = self._rows = self._bytes = 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--latency-ms", type=float, default=0.0, help="added to every data GET")
    parser.add_argument("--bulk", action="store_true", help="also serve wdi_bulk.parquet")
    args = parser.parse_args(argv)
    files = ("observations", "wdi_bulk") if args.bulk else ("observations",)
    server = WDIServer(Catalogue(files=files), args.port, args.latency_ms / 1000)
    for code in server.catalogue.codes:  # render up front so no client pays for it
        server.catalogue.rows(code)
    print(f"listening on {server.base_url}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
