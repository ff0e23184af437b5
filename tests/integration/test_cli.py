"""What people type: the duckdb CLI on our file, and the policy-tracker command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from pipeline.config import ROOT

BIN = Path(sys.executable).parent
SEED = ROOT / "data" / "documents" / "new_industrialization_2023.txt"


def test_duckdb_cli_opens_the_file_and_prints_the_scorecard(run):
    tmp, _, _ = run
    cli = BIN / "duckdb"
    assert cli.exists(), "make installs the duckdb CLI into .venv/bin"
    out = subprocess.run(
        [str(cli), "-readonly", str(tmp / "policy.duckdb"), "-c", "select * from v_scorecard"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert "NV.IND.MANF.ZS" in out.stdout
    assert "off track" in out.stdout or "on track" in out.stdout
    claims = subprocess.run(
        [
            str(cli),
            "-readonly",
            "-csv",
            str(tmp / "policy.duckdb"),
            "-c",
            "select verdict, count(*) from v_claims "
            "where document_id = 'new_industrialization_2023' group by all order by all",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "supported,3" in claims.stdout and "unverifiable,1" in claims.stdout


def test_cli_and_python_engines_share_a_storage_version(run):
    import duckdb

    cli = subprocess.run(
        [str(BIN / "duckdb"), "-csv", "-noheader", ":memory:", "-c", "select version()"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    cli_minor = cli.stdout.strip().lstrip("v").split(".")[:2]
    assert cli_minor == duckdb.__version__.split(".")[:2]


def test_scorecard_command_prints_from_the_file(run):
    tmp, _, _ = run
    out = subprocess.run(
        [str(BIN / "policy-tracker"), "scorecard", "--db", str(tmp / "policy.duckdb")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert "Scorecard: new_industrialization_2023" in out.stdout
    assert "SUPPORTED" in out.stdout and "UNVERIFIABLE" in out.stdout


def test_goals_command_json(tmp_path):
    out = subprocess.run(
        [str(BIN / "policy-tracker"), "goals", str(SEED), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    records = json.loads(out.stdout)
    kept = [r for r in records if r["theme"] == "manufacturing_share"]
    assert kept and kept[0]["direction"] == "maintain"
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01")
    failed = subprocess.run(
        [str(BIN / "policy-tracker"), "goals", str(bad)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert failed.returncode == 2 and "binary" in failed.stderr
