"""A Redis broker and Celery workers for the distributed-executor test, started and stopped by
the test: Debian's ``redis-server`` on a free loopback port, and ``celery -A
dagster_celery.app worker`` processes (one task at a time each) that import the project from
the repository root. Both die with the test process (``PR_SET_PDEATHSIG``) if it is killed.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _die_with_parent() -> None:  # preexec_fn: SIGTERM when the test process dies (Linux)
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_available() -> bool:
    return shutil.which("redis-server") is not None


@contextmanager
def redis_server() -> Iterator[str]:
    """A throwaway Redis (no persistence) on loopback; yields its URL."""
    port = free_port()
    proc = subprocess.Popen(
        [shutil.which("redis-server") or "redis-server", "--port", str(port),
         "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 15
        while not _pong(port):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not start on port {port}")
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(10)


def _pong(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@contextmanager
def celery_workers(broker: str, workdir: Path, env: dict[str, str], n: int = 2) -> Iterator[None]:
    """``n`` Celery worker processes on ``broker``, each running one step at a time, with the
    project's settings in ``env`` (workers build the resources from the environment, as on a
    real cluster). Yields once every worker answers a ping."""
    from dagster_celery.make_app import make_app

    config = workdir / "celery_config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "dagster_celery_config.py").write_text(
        f"broker_url = {broker!r}\nresult_backend = {broker!r}\nworker_prefetch_multiplier = 1\n"
    )
    bindir = Path(sys.executable).parent
    child_env = os.environ | env
    child_env["PYTHONPATH"] = os.pathsep.join([str(config), str(ROOT)])
    procs = []
    for i in range(n):
        log = (workdir / f"worker{i}.log").open("wb")
        cmd = [str(bindir / "celery"), "-A", "dagster_celery.app", "worker", "--concurrency=1",
               "--prefetch-multiplier=1", "--without-gossip", "--without-mingle",
               "--without-heartbeat", "-n", f"w{i}@%h", "--loglevel=WARNING"]  # fmt: skip
        procs.append(
            subprocess.Popen(cmd, env=child_env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                             start_new_session=True, preexec_fn=_die_with_parent)
        )  # fmt: skip
    app = make_app()
    app.conf.broker_url = broker
    app.conf.result_backend = broker
    try:
        deadline = time.monotonic() + 90
        while len(app.control.ping(timeout=0.5) or []) < n:
            dead = [p.returncode for p in procs if p.poll() is not None]
            if dead or time.monotonic() > deadline:
                logs = "\n".join(p.read_text()[-2000:] for p in workdir.glob("worker*.log"))
                raise RuntimeError(f"celery workers did not start (exit codes {dead}):\n{logs}")
        yield
    finally:
        for p in procs:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        for p in procs:
            try:
                p.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait(5)
