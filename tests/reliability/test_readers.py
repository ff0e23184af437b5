"""People read the DuckDB file while a run writes: the readers see no error and no half-written
table, and the run does not wait for them.

The warehouse starts as a copy of a finished run over the seed document only (state A); a full
run over it and one more document (state B) then writes every table, most with other counts.
During that run, in other processes:

- a reader reconnects in a loop (read-only, as a dashboard would) and counts the rows of every
  table and of the view ``v_scorecard``;
- a "notebook" opens one read-only connection before the run and keeps it open throughout;
- the ``duckdb`` CLI is started again and again with ``-readonly``.

Every count any of them sees must be A's or B's for that table (goals and their links always
from the same state, as they are written in one transaction), never an error; the held
connection keeps reading the version it opened until it reconnects; the run succeeds well
within the 60 s a writer would wait for a lock.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from pipeline.config import DOCUMENTS_DIR
from pipeline.warehouse.store import LOCK_WAIT_SECONDS
from tests.conftest import SEED
from tests.reliability.conftest import copy_finished, counts, failures
from tests.support.pipeline import materialize_all, resources

BIN = Path(sys.executable).parent

READER = """
import json, os, sys, time
import duckdb
db, out, stop = sys.argv[1:4]
tables = sys.argv[4].split(",")
with open(out, "w") as f:
    while not os.path.exists(stop):
        try:
            con = duckdb.connect(db, read_only=True)
            try:
                seen = {t: con.execute(f'select count(*) from "{t}"').fetchone()[0] for t in tables}
                seen["v_scorecard"] = con.execute("select count(*) from v_scorecard").fetchone()[0]
            finally:
                con.close()
            f.write(json.dumps({"at": time.time(), "counts": seen}) + "\\n")
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"
            f.write(json.dumps({"at": time.time(), "error": error}) + "\\n")
        f.flush()
        time.sleep(0.02)
"""

NOTEBOOK = """
import json, sys
import duckdb
db, tables = sys.argv[1], sys.argv[2].split(",")
def seen(con):
    return {t: con.execute(f'select count(*) from "{t}"').fetchone()[0] for t in tables}
con = duckdb.connect(db, read_only=True)
print(json.dumps(seen(con)), flush=True)
sys.stdin.readline()  # the run happens here, the connection open all along
print(json.dumps(seen(con)), flush=True)
con.close()
con = duckdb.connect(db, read_only=True)
print(json.dumps(seen(con)), flush=True)
"""


def cli_loop(db: Path, stop: threading.Event, seen: list[tuple[int, str, str]]) -> None:
    while not stop.is_set():
        out = subprocess.run(
            [
                str(BIN / "duckdb"),
                "-readonly",
                "-csv",
                "-noheader",
                str(db),
                "-c",
                "select count(*) from policy_documents",
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        seen.append((out.returncode, out.stdout.strip(), out.stderr.strip()))
        time.sleep(0.05)


def test_readers_during_a_full_run_see_whole_tables_and_do_not_stop_it(
    tmp_path: Path, finished: Path
) -> None:
    db = copy_finished(finished, tmp_path)
    a = counts(db)
    documents_b = tmp_path / "documents"
    documents_b.mkdir()
    for name in (SEED.name, "gov_work_report_2018_highlights.txt"):
        shutil.copy(DOCUMENTS_DIR / name, documents_b / name)
    tables = sorted(a)
    samples, stop = tmp_path / "reader.jsonl", tmp_path / "stop"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(db), str(samples), str(stop), ",".join(tables)]
    )
    notebook = subprocess.Popen(
        [sys.executable, "-c", NOTEBOOK, str(db), ",".join(tables)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    cli_seen: list[tuple[int, str, str]] = []
    cli_stop = threading.Event()
    cli = threading.Thread(target=cli_loop, args=(db, cli_stop, cli_seen), daemon=True)
    try:
        assert json.loads(notebook.stdout.readline()) == a  # open before the run starts
        cli.start()
        while not samples.exists() or not samples.read_text():
            time.sleep(0.05)

        started = time.monotonic()
        result = materialize_all(resources(tmp_path, documents_dir=documents_b))
        elapsed = time.monotonic() - started
        assert result.success, failures(result)
        b = counts(db)

        deadline = time.monotonic() + 30  # let the reader see the finished run
        while time.monotonic() < deadline:
            last = samples.read_text().splitlines()[-1]
            if json.loads(last).get("counts", {}).get("policy_documents") == b["policy_documents"]:
                break
            time.sleep(0.05)
        notebook_out, _ = notebook.communicate("go\n", timeout=60)
    finally:
        stop.touch()
        cli_stop.set()
        cli.join(timeout=60)
        reader.wait(timeout=60)
        if notebook.poll() is None:
            notebook.kill()

    assert elapsed < LOCK_WAIT_SECONDS, "the run never waited for a reader's lock"
    changed = [t for t in tables if a[t] != b[t]]
    assert {"policy_documents", "policy_goals", "goal_indicators"} <= set(changed), changed

    rows = [json.loads(line) for line in samples.read_text().splitlines()]
    errors = [r["error"] for r in rows if "error" in r]
    assert errors == [], errors[:3]
    assert len(rows) >= 10, "the reader kept reading during the run"
    for sample in (r["counts"] for r in rows):
        for t in tables:
            assert sample[t] in (a[t], b[t]), (t, sample[t], a[t], b[t])
        pair = (sample["policy_goals"], sample["goal_indicators"])
        assert pair in {
            (a["policy_goals"], a["goal_indicators"]),
            (b["policy_goals"], b["goal_indicators"]),
        }, pair
    assert rows[0]["counts"]["policy_documents"] == a["policy_documents"]
    assert {t: rows[-1]["counts"][t] for t in tables} == b
    states = {tuple(r["counts"][t] == b[t] for t in changed) for r in rows}
    print(f"run {elapsed:.1f}s; {len(rows)} samples in {len(states)} states; {len(cli_seen)} CLI")

    held, reopened = (json.loads(line) for line in notebook_out.splitlines()[:2])
    assert held == a, "a connection held across the run reads the version it opened"
    assert reopened == b, "reconnecting reads the new one"

    assert cli_seen, "the CLI ran during the run"
    assert all(rc == 0 for rc, _, _ in cli_seen), [e for rc, _, e in cli_seen if rc][:3]
    docs = {int(out) for _, out, _ in cli_seen}
    assert docs <= {a["policy_documents"], b["policy_documents"]}, docs
