"""The document sensor against a temporary folder: what it requests, what it skips, its cursor.

The sensor is evaluated as Dagster evaluates it (``build_sensor_context`` with a real
ephemeral instance and the documents resource); nothing here opens a DuckDB file.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import dagster as dg
import pytest

from assets.definitions import defs
from assets.resources import DocumentsResource
from assets.sensors import REFRESH_JOB, document_sensor, dump_cursor, file_sha256, load_cursor

DOC = "---\nid: {id}\ntitle: {id}\npublished: 2024-03-05\ncountry: CHN\n---\n{body}\n"


def write(folder: Path, name: str, body: str) -> Path:
    path = folder / name
    path.write_text(DOC.format(id=path.stem, body=body), encoding="utf-8")
    return path


@pytest.fixture
def instance():
    with dg.instance_for_test() as inst:
        yield inst


def tick(folder: Path, instance: dg.DagsterInstance, cursor: str | None) -> dg.SensorResult:
    context = dg.build_sensor_context(
        cursor=cursor,
        instance=instance,
        resources={"documents": DocumentsResource(folder=str(folder))},
    )
    result = document_sensor(context)
    assert isinstance(result, dg.SensorResult)
    return result


def selected(request: dg.RunRequest) -> list[str]:
    ops = request.run_config["ops"]
    assert ops["policy_documents"] == ops["extracted_goals"]
    return ops["policy_documents"]["config"]["documents"]


def test_first_tick_requests_every_document_in_one_run(tmp_path, instance):
    write(tmp_path, "a.txt", "Keep the surveyed urban unemployment rate at around 5.5 percent.")
    write(tmp_path, "b.txt", "Raise R&D spending.")
    (tmp_path / "c.pdf").write_bytes(b"%PDF-1.4 not really")  # a PDF is a document too
    (tmp_path / "notes.docx").write_bytes(b"PK")  # no known format: the run names it
    (tmp_path / ".hidden.txt").write_text("editor swap file", encoding="utf-8")
    result = tick(tmp_path, instance, None)
    (request,) = result.run_requests
    assert selected(request) == ["a.txt", "b.txt", "c.pdf", "notes.docx"]
    assert request.run_key
    assert json.loads(result.cursor) == {
        name: file_sha256(tmp_path / name) for name in ("a.txt", "b.txt", "c.pdf", "notes.docx")
    }


def test_nothing_changed_is_a_skip_with_the_same_cursor(tmp_path, instance):
    write(tmp_path, "a.txt", "Raise R&D spending.")
    first = tick(tmp_path, instance, None)
    second = tick(tmp_path, instance, first.cursor)
    assert not second.run_requests
    assert "no new or changed document among 1" in second.skip_reason.skip_message
    assert second.cursor == first.cursor
    # Touching a file without changing it is not a change either.
    os.utime(tmp_path / "a.txt", ns=(1, 1))
    assert not tick(tmp_path, instance, first.cursor).run_requests


def test_an_edited_document_is_requested_alone_with_a_new_run_key(tmp_path, instance):
    write(tmp_path, "a.txt", "Raise R&D spending.")
    write(tmp_path, "b.txt", "Keep the surveyed urban unemployment rate at around 5.5 percent.")
    first = tick(tmp_path, instance, None)
    write(tmp_path, "b.txt", "Keep the surveyed urban unemployment rate at around 5 percent.")
    second = tick(tmp_path, instance, first.cursor)
    (request,) = second.run_requests
    assert request.job_name in (None, REFRESH_JOB)
    assert selected(request) == ["b.txt"]
    assert request.run_key != first.run_requests[0].run_key
    assert load_cursor(second.cursor)["b.txt"] == file_sha256(tmp_path / "b.txt")
    assert load_cursor(second.cursor)["a.txt"] == load_cursor(first.cursor)["a.txt"]


def test_a_new_document_is_requested_alone(tmp_path, instance):
    write(tmp_path, "a.txt", "Raise R&D spending.")
    first = tick(tmp_path, instance, None)
    write(tmp_path, "new_plan.txt", "Increase the share of manufacturing in GDP.")
    (request,) = tick(tmp_path, instance, first.cursor).run_requests
    assert selected(request) == ["new_plan.txt"]


def test_the_same_change_gets_the_same_run_key_and_a_change_back_a_new_one(tmp_path, instance):
    path = write(tmp_path, "a.txt", "Raise R&D spending.")
    first = tick(tmp_path, instance, None)
    # A tick evaluated again from the same cursor (say after a crash) asks for the same run.
    assert tick(tmp_path, instance, None).run_requests[0].run_key == first.run_requests[0].run_key
    original = path.read_bytes()
    write(tmp_path, "a.txt", "Raise R&D spending to 3 percent of GDP.")
    edited = tick(tmp_path, instance, first.cursor)
    path.write_bytes(original)
    os.utime(path, ns=(10**18, 10**18))  # written again later, with the first content
    back = tick(tmp_path, instance, edited.cursor)
    keys = {r.run_requests[0].run_key for r in (first, edited, back)}
    assert len(keys) == 3
    assert back.cursor == first.cursor


def test_a_removed_document_updates_the_cursor_and_requests_no_run(tmp_path, instance):
    write(tmp_path, "a.txt", "Raise R&D spending.")
    write(tmp_path, "b.txt", "Increase the share of manufacturing in GDP.")
    first = tick(tmp_path, instance, None)
    (tmp_path / "b.txt").unlink()
    result = tick(tmp_path, instance, first.cursor)
    assert not result.run_requests
    assert "removed b.txt" in result.skip_reason.skip_message
    assert set(load_cursor(result.cursor)) == {"a.txt"}


def test_a_bad_document_is_still_requested_so_its_run_names_the_error(tmp_path, instance):
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    (tmp_path / "empty.txt").write_bytes(b"")
    (request,) = tick(tmp_path, instance, None).run_requests
    assert selected(request) == ["binary.txt", "empty.txt"]


def test_cursor_round_trips_and_garbage_counts_as_none():
    hashes = {"b.txt": "2" * 64, "a.txt": "1" * 64}
    assert load_cursor(dump_cursor(hashes)) == hashes
    assert list(json.loads(dump_cursor(hashes))) == ["a.txt", "b.txt"]
    for bad in (None, "", "not json", "[1, 2]", "42"):
        assert load_cursor(bad) == {}


def test_a_missing_folder_is_a_skip_that_keeps_the_cursor(tmp_path, instance):
    cursor = dump_cursor({"a.txt": "1" * 64})
    result = tick(tmp_path / "nowhere", instance, cursor)
    assert not result.run_requests
    assert "no documents folder" in result.skip_reason.skip_message
    assert result.cursor is None  # Dagster keeps the previous cursor


def test_the_sensor_targets_the_refresh_documents_job_and_runs_by_default():
    sensor = defs.resolve_sensor_def("document_sensor")
    assert sensor.job_name == REFRESH_JOB
    assert sensor.default_status == dg.DefaultSensorStatus.RUNNING
    assert sensor.minimum_interval_seconds == 10
    # Only the folder: the sensor never opens the DuckDB file that runs write.
    assert sensor.required_resource_keys == {"documents"}
    job = defs.resolve_job_def(REFRESH_JOB)
    assets = {k.to_user_string() for k in job.asset_layer.executable_asset_keys}
    # The two document assets and everything downstream of them (the comparison at least).
    wanted = {"policy_documents", "policy_goals", "goal_progress", "claim_checks", "scorecard"}
    assert wanted <= assets
    assert "countries" in assets  # rides along so that a first run on an empty warehouse works


def test_ticks_keep_the_document_partitions_the_folders_files(tmp_path, instance):
    write(tmp_path, "a.txt", "Raise R&D spending.")
    write(tmp_path, "b.txt", "Raise R&D spending.")
    first = tick(tmp_path, instance, None)
    (add,) = first.dynamic_partitions_requests
    assert isinstance(add, dg.AddDynamicPartitionsRequest)
    assert (add.partitions_def_name, list(add.partition_keys)) == ("document", ["a.txt", "b.txt"])
    instance.add_dynamic_partitions("document", ["a.txt", "b.txt"])  # what the daemon does
    (tmp_path / "b.txt").unlink()
    second = tick(tmp_path, instance, first.cursor)
    assert not second.run_requests  # nothing new or changed: only the partition goes
    (delete,) = second.dynamic_partitions_requests
    assert isinstance(delete, dg.DeleteDynamicPartitionsRequest)
    assert list(delete.partition_keys) == ["b.txt"]


def test_a_file_name_that_would_break_a_key_range_is_read_but_gets_no_partition(tmp_path, instance):
    """Dagster writes a range of partitions as ``first...last``."""
    write(tmp_path, "a.txt", "Raise R&D spending.")
    write(tmp_path, "plan...2024.txt", "Raise R&D spending.")
    result = tick(tmp_path, instance, None)
    (request,) = result.run_requests
    assert selected(request) == ["a.txt", "plan...2024.txt"]  # still read by the run
    (add,) = result.dynamic_partitions_requests
    assert list(add.partition_keys) == ["a.txt"]
