"""The real Dagster webserver on the project's workspace, queried over GraphQL.

Started as ``dagster-webserver -h 127.0.0.1 -p <port> -w workspace.yaml`` from the repository root
with DAGSTER_HOME, POLICY_TRACKER_DB and POLICY_TRACKER_REPORTS in a temporary folder, it must
load the ``policy_tracker`` code location and show the assets, their groups and dependencies,
the blocking schema checks, both jobs and the weekly schedule, and listen on loopback only.
The process group is always killed at the end. Field names are those of dagster-graphql 1.13.
"""

from __future__ import annotations

import fcntl
import ipaddress
import os
import socket
import struct
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dagster
import pytest
import requests

from pipeline.config import ROOT
from tests.support.processes import LoopbackDagster, free_port, stop_group

pytestmark = pytest.mark.slow

WEBSERVER = Path(sys.executable).parent / "dagster-webserver"
LOCATION = "policy_tracker"
STARTUP_TIMEOUT = 60.0
SIOCGIFADDR = 0x8915  # Linux ioctl: the IPv4 address of an interface

LINKED = ["goal_indicators", "observations", "policy_goals"]
ASSETS = {
    "document_files": ("documents", []),  # one partition per document file
    "policy_documents": ("documents", ["document_files"]),
    "extracted_goals": ("documents", ["document_files", "policy_documents"]),
    "reviewed_goals": ("documents", ["extracted_goals"]),
    "policy_goals": ("documents", ["reviewed_goals"]),
    "goal_indicators": ("documents", ["reviewed_goals"]),
    "indicator_catalog": ("indicators", ["goal_indicators"]),
    "countries": ("indicators", []),
    "observation_files": ("indicators", []),  # one partition per indicator
    "observations": ("indicators", ["goal_indicators", "indicator_catalog", "observation_files"]),
    "goal_progress": ("comparison", sorted([*LINKED, "indicator_catalog"])),
    "claim_checks": ("comparison", sorted([*LINKED, "countries", "indicator_catalog"])),
    "goal_context": ("comparison", sorted([*LINKED, "countries"])),
    "v_claims": ("report", ["claim_checks", "policy_goals"]),
    "v_peer_context": ("report", ["goal_context", "indicator_catalog", "policy_goals"]),
    "v_scorecard": ("report", ["goal_progress", "indicator_catalog", "policy_goals"]),
    "v_unmeasured_goals": ("report", ["policy_goals"]),
    "v_summary": ("report", ["claim_checks", "policy_documents", "v_scorecard"]),
    "v_observations": ("report", ["countries", "indicator_catalog", "observations"]),
    "scorecard": (
        "report",
        sorted(["claim_checks", "goal_context", "goal_progress", "observations"])
        + [
            "v_claims",
            "v_observations",
            "v_peer_context",
            "v_scorecard",
            "v_summary",
            "v_unmeasured_goals",
        ],
    ),
}
TABLES = [a for a in ASSETS if not a.startswith("v_")]

WORKSPACE_QUERY = """
{
  workspaceOrError {
    __typename
    ... on Workspace {
      locationEntries {
        name
        loadStatus
        locationOrLoadError {
          __typename
          ... on RepositoryLocation { name repositories { name } }
          ... on PythonError { message stack }
        }
      }
    }
    ... on PythonError { message }
  }
}
"""

REPOSITORY_QUERY = """
{
  repositoriesOrError {
    __typename
    ... on RepositoryConnection {
      nodes {
        name
        location { name }
        jobs { name isAssetJob }
        schedules {
          name
          cronSchedule
          executionTimezone
          pipelineName
          defaultStatus
          scheduleState { status }
        }
        assetNodes {
          assetKey { path }
          groupName
          isMaterializable
          dependencyKeys { path }
          jobNames
          assetChecksOrError {
            __typename
            ... on AssetChecks { checks { name blocking assetKey { path } } }
          }
        }
        allTopLevelResourceDetails { name configuredValues { key value type } }
      }
    }
    ... on PythonError { message }
  }
}
"""


@dataclass(frozen=True)
class Webserver(LoopbackDagster):
    db: Path
    reports: Path
    stderr: Path


def wait_until_loaded(server: Webserver, proc: subprocess.Popen) -> None:
    """Poll /server_info, then the workspace, until the code location is loaded."""
    deadline = time.monotonic() + STARTUP_TIMEOUT
    last = "no answer yet"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(
                f"dagster-webserver exited with {proc.returncode} before it was up:\n"
                + server.stderr.read_text(errors="replace")
            )
        try:
            requests.get(f"{server.url}/server_info", timeout=2).raise_for_status()
            entries = server.graphql(WORKSPACE_QUERY)["workspaceOrError"]["locationEntries"]
            last = repr(entries)
            if entries and all(e["loadStatus"] == "LOADED" for e in entries):
                return
        except (requests.RequestException, AssertionError, KeyError) as exc:
            last = f"{type(exc).__name__}: {exc}"
        time.sleep(0.25)
    pytest.fail(
        f"dagster-webserver was not up with its code location loaded after {STARTUP_TIMEOUT:.0f}"
        f" s (last: {last}):\n" + server.stderr.read_text(errors="replace")
    )


@pytest.fixture(scope="module")
def webserver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Webserver]:
    assert WEBSERVER.exists(), f"{WEBSERVER} is not installed"
    tmp = tmp_path_factory.mktemp("dagster_ui")
    home = tmp / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
    server = Webserver(
        port=free_port(),
        db=tmp / "warehouse" / "policy.duckdb",
        reports=tmp / "reports",
        stderr=tmp / "webserver.stderr",
    )
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("POLICY_TRACKER_SOURCE", "WORLDBANK_API_URL")
    }
    env.update(
        DAGSTER_HOME=str(home),
        POLICY_TRACKER_DB=str(server.db),
        POLICY_TRACKER_REPORTS=str(server.reports),
    )
    command = [str(WEBSERVER), "-h", "127.0.0.1", "-p", str(server.port), "-w", "workspace.yaml"]
    with (tmp / "webserver.stdout").open("wb") as out, server.stderr.open("wb") as err:
        proc = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=err, start_new_session=True
        )
    try:
        wait_until_loaded(server, proc)
        yield server
    finally:
        stop_group(proc)


@pytest.fixture(scope="module")
def repository(webserver: Webserver) -> dict[str, Any]:
    data = webserver.graphql(REPOSITORY_QUERY)["repositoriesOrError"]
    assert data["__typename"] == "RepositoryConnection", data
    assert len(data["nodes"]) == 1, data
    (repo,) = data["nodes"]
    assert repo["location"]["name"] == LOCATION
    return repo


def key(node: dict[str, Any]) -> str:
    return "/".join(node["path"])


def test_server_info_names_the_installed_dagster(webserver: Webserver) -> None:
    info = requests.get(f"{webserver.url}/server_info", timeout=10).json()
    assert info["dagster_version"] == info["dagster_webserver_version"] == dagster.__version__


def test_code_location_loads_without_error(webserver: Webserver) -> None:
    workspace = webserver.graphql(WORKSPACE_QUERY)["workspaceOrError"]
    assert workspace["__typename"] == "Workspace", workspace
    (entry,) = workspace["locationEntries"]
    assert entry["name"] == LOCATION
    assert entry["loadStatus"] == "LOADED"
    location = entry["locationOrLoadError"]
    assert location["__typename"] == "RepositoryLocation", location
    assert location["name"] == LOCATION
    assert [r["name"] for r in location["repositories"]] == ["__repository__"]


def test_asset_graph_has_every_asset_in_its_group_with_its_dependencies(
    repository: dict[str, Any],
) -> None:
    nodes = {key(n["assetKey"]): n for n in repository["assetNodes"]}
    assert set(nodes) == set(ASSETS)
    for name, (group, deps) in ASSETS.items():
        node = nodes[name]
        assert node["groupName"] == group, name
        assert node["isMaterializable"], name
        assert sorted(key(d) for d in node["dependencyKeys"]) == deps, name


def test_checks_exist_and_schema_checks_are_blocking(repository: dict[str, Any]) -> None:
    checks = set()
    for node in repository["assetNodes"]:
        result = node["assetChecksOrError"]
        assert result["__typename"] == "AssetChecks", result
        checks |= {(key(c["assetKey"]), c["name"], c["blocking"]) for c in result["checks"]}
    assert checks == {(table, f"{table}_schema", True) for table in TABLES} | {
        # A failed indicator is reported, but the comparison goes on with its last good rows.
        ("observations", "observations_sources", False),
        # A review that matches no record is named, not silently dropped; the run goes on.
        ("reviewed_goals", "reviews_match", False),
        # An unreadable file, a goal with no data: named, and the run goes on.
        ("policy_documents", "documents_readable", False),
        ("goal_progress", "goals_measured", False),
    }


def test_jobs_select_their_assets(repository: dict[str, Any]) -> None:
    jobs = {j["name"]: j for j in repository["jobs"] if not j["name"].startswith("__")}
    assert set(jobs) == {
        "materialize_everything", "refresh_statistics", "refresh_documents", "apply_reviews",
        "stage_observation_files", "load_staged_observations", "stage_documents",
        "load_staged_documents",
    }  # fmt: skip
    assert all(j["isAssetJob"] for j in jobs.values())
    in_job = {
        job: {key(n["assetKey"]) for n in repository["assetNodes"] if job in n["jobNames"]}
        for job in jobs
    }
    # Runs of the per-indicator and per-document partitions carry a partition: no other job
    # includes them.
    staged = {"observation_files", "document_files"}
    assert in_job["materialize_everything"] == set(ASSETS) - staged
    assert in_job["stage_observation_files"] == {"observation_files"}
    assert in_job["stage_documents"] == {"document_files"}
    # The indicators group and everything downstream of it: not the documents.
    deps = {
        key(n["assetKey"]): {key(d) for d in n["dependencyKeys"]} for n in repository["assetNodes"]
    }

    def downstream(of: set[str]) -> set[str]:
        while grown := {a for a, d in deps.items() if of & d} - of:
            of = of | grown
        return of

    indicators = {name for name, (group, _) in ASSETS.items() if group == "indicators"}
    assert in_job["refresh_statistics"] == downstream(indicators) - {"observation_files"}
    assert "policy_goals" not in in_job["refresh_statistics"]
    # The document assets and everything downstream of them (what document_sensor runs),
    # plus the country list the claim checks need, so a first run on an empty warehouse works.
    assert in_job["refresh_documents"] == downstream({"policy_documents"}) | {"countries"}
    # The staged documents loaded: the same assets, from the partitions' files.
    assert in_job["load_staged_documents"] == in_job["refresh_documents"]
    # Reviews again, without re-reading the documents.
    assert in_job["apply_reviews"] == downstream({"reviewed_goals"})
    # The staged files loaded, and everything that compares goals against them.
    assert in_job["load_staged_observations"] == downstream({"observations"})


def test_weekly_schedule_refreshes_the_statistics_on_monday_mornings(
    repository: dict[str, Any],
) -> None:
    (schedule,) = repository["schedules"]
    assert schedule["name"] == "weekly_statistics_refresh"
    assert schedule["cronSchedule"] == "0 6 * * 1"
    assert schedule["executionTimezone"] == "UTC"
    assert schedule["pipelineName"] == "refresh_statistics"
    assert schedule["defaultStatus"] == "RUNNING"
    assert schedule["scheduleState"]["status"] == "RUNNING"


def test_resources_come_from_the_environment(
    webserver: Webserver, repository: dict[str, Any]
) -> None:
    config = {
        r["name"]: {v["key"]: (v["type"], v["value"]) for v in r["configuredValues"]}
        for r in repository["allTopLevelResourceDetails"]
    }
    assert set(config) == {
        "warehouse",
        "statistics",
        "documents",
        "catalog",
        "reviews",
        "comparison",
        "reports",
    }
    # A setting the environment gives is shown as the variable it comes from (the Launchpad
    # can set it for a run); the others as their JSON default.
    assert config["warehouse"]["path"] == ("ENV_VAR", "POLICY_TRACKER_DB")
    assert config["reports"]["folder"] == ("ENV_VAR", "POLICY_TRACKER_REPORTS")
    assert config["statistics"]["source"] == ("VALUE", '"snapshot"')
    assert config["comparison"]["peers"] == ("VALUE", '"USA,DEU,JPN,KOR,IND"')
    assert not webserver.db.exists(), "loading the code location must not write the warehouse"


def listening_ipv4(port: int) -> set[str]:
    """Addresses with a TCP socket listening on ``port`` (from /proc/net/tcp)."""
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hex_port = local.split(":")
        if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
            found.add(socket.inet_ntoa(bytes.fromhex(address)[::-1]))
    return found


def listening_ipv6(port: int) -> int:
    lines = Path("/proc/net/tcp6").read_text().splitlines()[1:]
    return sum(
        1
        for line in lines
        if line.split()[3] == "0A" and int(line.split()[1].rsplit(":", 1)[1], 16) == port
    )


def other_ipv4_addresses() -> list[str]:
    """This machine's IPv4 addresses that are not loopback."""
    found = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        for _, name in socket.if_nameindex():
            request = struct.pack("256s", name.encode()[:15])
            try:
                answer = fcntl.ioctl(s.fileno(), SIOCGIFADDR, request)
            except OSError:  # no IPv4 address on this interface
                continue
            address = socket.inet_ntoa(answer[20:24])
            if not ipaddress.ip_address(address).is_loopback:
                found.append(address)
    return found


def test_listens_on_loopback_only(webserver: Webserver) -> None:
    if not Path("/proc/net/tcp").exists():
        pytest.skip("no /proc/net/tcp to read the listening sockets from")
    assert listening_ipv4(webserver.port) == {"127.0.0.1"}
    assert listening_ipv6(webserver.port) == 0


def test_other_addresses_of_this_machine_are_refused(webserver: Webserver) -> None:
    others = other_ipv4_addresses()
    if not others:
        pytest.skip("this machine has no address besides loopback to connect to")
    with socket.create_connection(("127.0.0.1", webserver.port), timeout=5):
        pass  # the port is open on loopback ...
    for address in others:  # ... and nowhere else
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection((address, webserver.port), timeout=5).close()
