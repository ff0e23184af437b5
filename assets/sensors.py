"""The document sensor: a new or changed file in the documents folder refreshes its goals.

Every ``minimum_interval_seconds`` the sensor lists the folder, hashes each file (sha256 of its
bytes) and compares with its cursor, ``{"file name": "sha256", ...}`` as JSON. New or changed
files become ONE run of ``refresh_documents`` whose run config selects just those documents
(see ``assets.documents.DocumentSelection``); the comparison assets downstream then read every
document's goals back from DuckDB. A removed file only leaves the cursor: its rows go on the
next full run (``materialize_everything``). Each tick also keeps the ``document`` partitions
of ``document_files`` the folder's files (new files added, removed ones deleted), so a backfill
over them is always over the folder as it is.

The sensor reads the folder only, never the DuckDB file: DuckDB lets one process write at a
time and the runs it launches are that process.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import dagster as dg

from assets.documents import selection_run_config
from assets.jobs import REFRESH_DOCUMENTS as REFRESH_JOB
from assets.resources import DocumentsResource
from assets.staging import DOCUMENTS, partition_keys
from pipeline.documents.reader import document_files, file_sha256

INTERVAL_SECONDS = 10


def load_cursor(cursor: str | None) -> dict[str, str]:
    """The cursor as ``{file name: sha256}``; anything unreadable counts as no cursor."""
    if not cursor:
        return {}
    try:
        seen = json.loads(cursor)
    except json.JSONDecodeError:
        return {}
    if not isinstance(seen, dict):
        return {}
    return {str(k): str(v) for k, v in seen.items()}


def dump_cursor(hashes: dict[str, str]) -> str:
    return json.dumps(dict(sorted(hashes.items())), separators=(",", ":"))


def scan(folder: Path, log=None) -> dict[str, tuple[str, int]]:
    """``{file name: (sha256, mtime_ns)}`` for every file in the folder that can be read:
    documents of every format, and files of no known format too, so that the run they start
    names them with the reason they cannot be read."""
    found = {}
    for path in document_files(folder):
        if not path.is_file():
            continue
        try:
            found[path.name] = (file_sha256(path), path.stat().st_mtime_ns)
        except OSError as exc:  # vanished or unreadable: tried again next tick
            if log is not None:
                log.warning(f"document sensor: cannot read {path}: {exc}")
    return found


def run_key(changed: dict[str, tuple[str, int]]) -> str:
    """Derived from the changed files' names, hashes and modification times.

    The same change (a tick retried after a crash) gets the same key and is never run twice;
    the modification time tells apart a file changed back to content it had before.
    """
    text = json.dumps(sorted((name, sha, mtime) for name, (sha, mtime) in changed.items()))
    return "documents-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


@dg.sensor(
    job_name=REFRESH_JOB,
    minimum_interval_seconds=INTERVAL_SECONDS,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description=(
        "Refreshes the goals of a new or changed document (.txt, .md, .html, .pdf) in the "
        "documents folder "
        "(POLICY_TRACKER_DOCUMENTS): one refresh_documents run selecting just those documents."
    ),
)
def document_sensor(
    context: dg.SensorEvaluationContext, documents: DocumentsResource
) -> dg.SensorResult:
    folder = Path(documents.folder)
    if not folder.is_dir():
        return dg.SensorResult(skip_reason=dg.SkipReason(f"no documents folder {folder}"))
    seen = load_cursor(context.cursor)
    current = scan(folder, context.log)
    hashes = {name: sha for name, (sha, _) in current.items()}
    changed = {name: v for name, v in current.items() if seen.get(name) != v[0]}
    removed = sorted(set(seen) - set(current))
    cursor = dump_cursor(hashes)
    partitions = partition_requests(context.instance, set(current))
    if not changed:
        reason = f"no new or changed document among {len(current)} in {folder}"
        if removed:
            reason += f"; removed {', '.join(removed)} (a full run removes their rows)"
        return dg.SensorResult(
            skip_reason=dg.SkipReason(reason), cursor=cursor,
            dynamic_partitions_requests=partitions,
        )  # fmt: skip
    names = sorted(changed)
    context.log.info(f"document sensor: new or changed {', '.join(names)}")
    request = dg.RunRequest(
        run_key=run_key(changed),
        run_config=selection_run_config(names),
        tags={"policy_tracker/documents": ", ".join(names)[:200]},
    )
    return dg.SensorResult(
        run_requests=[request], cursor=cursor, dynamic_partitions_requests=partitions
    )


def partition_requests(instance: dg.DagsterInstance, files: set[str]) -> list:
    """Keep the ``document`` partitions (``document_files``) the folder's files: add new
    files, delete the partitions of files that are gone."""
    known = set(instance.get_dynamic_partitions(DOCUMENTS.name))
    requests = []
    if new := partition_keys(files - known):
        requests.append(DOCUMENTS.build_add_request(new))
    if gone := sorted(known - files):
        requests.append(DOCUMENTS.build_delete_request(gone))
    return requests
