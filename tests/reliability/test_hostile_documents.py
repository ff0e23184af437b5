"""Bad documents and hostile input through the real pipeline (snapshot source, in-process).

One folder holds the seed document, every kind of file that is not a document (empty, binary,
not UTF-8, 50 MB, HTML, a link to a device, a named pipe), headers whose ids try a path or SQL,
and two readable documents whose metadata, file name and text are full of quotes, semicolons,
SQL and ``../``. One full run over it must name each bad file with its reason, load the good
ones with every value stored verbatim (values travel as bind parameters), and write no file
outside the warehouse and report folders. Parsing each case alone is unit-tested in
``tests/unit/test_documents.py``; keys and table names in ``tests/unit/test_storage*.py``.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import dagster as dg
import pytest

from assets.definitions import all_assets
from assets.documents import selection_run_config
from pipeline.documents import MAX_BYTES
from pipeline.warehouse.store import Warehouse
from tests.conftest import SEED
from tests.reliability.conftest import counts, failures, published_table
from tests.support.pipeline import materialize_all, resources

INJECTION = "'); drop table policy_documents; --"
HOSTILE_META = {
    "id": "hostile_meta",
    "title": 'Plan "B"; drop table observations; -- it\'s fine',
    "author": "O'Brien'); delete from policy_goals where ('1'='1",
    "published": "2024-03-05",
    "country": "CHN",
    "source_url": "https://example.org/../../../etc/passwd?q=';select 1;--",
}
HOSTILE_BODY = (
    f"We will raise the share of manufacturing in GDP to 30 percent by 2030 ({INJECTION}).\n"
    "Keep R&D spending growing by more than 7 percent a year; \"quoted\" and 'single'; "
    "../../../etc/shadow.\n"
)
HOSTILE_NAME = "Robert'); drop table goal_indicators;--.txt"
NAMELESS_BODY = "Keep the share of manufacturing in GDP basically stable; drop nothing.\n"

# file name -> the reason the run must give for it
BAD = {
    "empty.txt": "empty",
    "binary.txt": "binary content (NUL bytes)",
    "latin1.txt": "not UTF-8",
    "huge.txt": f"too large (52,428,800 bytes; the limit is {MAX_BYTES:,})",
    "page.txt": "looks like HTML",
    "device.txt": "not a regular file",
    "pipe.txt": "not a regular file",
    "path_id.txt": "id '../../etc/passwd' must be lower-case letters, digits, _ or -",
    "sql_id.txt": 'id "x\'; drop table policy_documents; --" must be lower-case',
}


def header(meta: dict[str, str]) -> str:
    return "---\n" + "".join(f"{k}: {v}\n" for k, v in meta.items()) + "---\n"


def write_folder(folder: Path) -> None:
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (folder / "latin1.txt").write_bytes(b"---\nid: latin1\n---\nPol\x81\x8d\x90tica industrial\n")
    with (folder / "huge.txt").open("wb") as f:  # 50 MB, sparse: costs no disk
        f.truncate(50 * 1024 * 1024)
    (folder / "page.txt").write_text(
        "<!doctype html><html><body><p>Raise R&amp;D spending</p></body></html>", encoding="utf-8"
    )
    (folder / "device.txt").symlink_to("/dev/zero")  # read whole, it would never end
    os.mkfifo(folder / "pipe.txt")  # opened, it would block the run
    (folder / "path_id.txt").write_text(
        "---\nid: ../../etc/passwd\n---\nRaise R&D spending.\n", encoding="utf-8"
    )
    (folder / "sql_id.txt").write_text(
        "---\nid: x'; drop table policy_documents; --\n---\nRaise R&D spending.\n",
        encoding="utf-8",
    )
    (folder / "hostile_meta.txt").write_text(header(HOSTILE_META) + HOSTILE_BODY, "utf-8")
    (folder / HOSTILE_NAME).write_text(NAMELESS_BODY, encoding="utf-8")


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if not p.is_dir()}


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("hostile")
    documents = tmp / "documents"
    write_folder(documents)
    before = files_under(tmp)
    result = materialize_all(resources(tmp, documents_dir=documents))
    return tmp, documents, before, result


def test_each_bad_document_is_named_with_its_reason_and_the_others_load(hostile_run) -> None:
    tmp, documents, _, result = hostile_run
    assert result.success, failures(result)
    (mat,) = [
        e.event_specific_data.materialization
        for e in result.all_events
        if e.event_type_value == "ASSET_MATERIALIZATION" and e.step_key == "policy_documents"
    ]
    errors = mat.metadata["errors"].value
    lines = errors.splitlines()
    assert len(lines) == len(BAD), errors
    for name, reason in BAD.items():
        (line,) = [x for x in lines if x.startswith(f"document {documents / name}: ")]
        assert reason in line, line
    ids = sorted(published_table(tmp, "policy_documents")["document_id"])
    assert ids == [
        "hostile_meta",
        "new_industrialization_2023",
        "robert_drop_table_goal_indicators",
    ]


def test_hostile_metadata_and_text_are_stored_verbatim(hostile_run) -> None:
    tmp, _, _, _ = hostile_run
    docs = published_table(tmp, "policy_documents").set_index("document_id")
    row = docs.loc["hostile_meta"]
    assert row["title"] == HOSTILE_META["title"]
    assert row["author"] == HOSTILE_META["author"]
    assert row["source_url"] == HOSTILE_META["source_url"]
    # the text as read: one paragraph a line, the file's trailing newline gone; nothing else
    assert row["text"] == HOSTILE_BODY.strip()
    nameless = docs.loc["robert_drop_table_goal_indicators"]
    assert nameless["path"] == HOSTILE_NAME
    assert nameless["text"] == NAMELESS_BODY.strip()
    goals = published_table(tmp, "policy_goals")
    hostile_goals = goals[goals["document_id"] == "hostile_meta"]
    assert len(hostile_goals) == 2
    assert any("'" in text for text in hostile_goals["text"]), "a quote inside a goal's text"
    for text, start, end in zip(
        hostile_goals["text"], hostile_goals["span_start"], hostile_goals["span_end"], strict=True
    ):
        assert HOSTILE_BODY[start:end] == text  # spans point into the verbatim text


def test_no_injection_ran_every_table_is_there(hostile_run) -> None:
    tmp, _, _, _ = hostile_run
    found = counts(tmp / "policy.duckdb")
    for table in ("policy_documents", "policy_goals", "goal_indicators", "observations"):
        assert found[table] > 0, found


def test_no_file_is_written_outside_the_warehouse_and_report_folders(hostile_run) -> None:
    tmp, documents, before, _ = hostile_run
    new = files_under(tmp) - before
    allowed = (tmp / "policy.duckdb", tmp / ".work", tmp / "reports")
    assert new, "the run wrote its files"
    for path in new:
        assert any(path == a or a in path.parents for a in allowed), path
    assert files_under(documents) == {p for p in before if documents in p.parents}
    for path in (tmp / "reports").rglob("*"):
        assert re.fullmatch(r"[A-Za-z0-9_.]+", path.name), path
    assert not [p for p in tmp.parent.iterdir() if "passwd" in p.name or "drop" in p.name]


def test_a_selection_of_hostile_names_reads_nothing_and_changes_nothing(hostile_run) -> None:
    tmp, documents, _, _ = hostile_run
    before = counts(tmp / "policy.duckdb")
    names = ["../../../etc/passwd", f"x{INJECTION}", "..\\..\\boot.ini", "/etc/hostname"]
    result = dg.materialize(
        all_assets,
        resources=resources(tmp, documents_dir=documents),
        selection="policy_documents*",
        run_config=selection_run_config(names),
        raise_on_error=False,
        instance=dg.DagsterInstance.ephemeral(),
    )
    assert result.success  # nothing read, nothing changed, nothing shown as failed
    (check,) = [
        e for e in result.get_asset_check_evaluations() if e.check_name == "documents_readable"
    ]
    assert not check.passed
    message = check.description
    for name in names:  # only a bare name is looked up, and only in the documents folder
        assert f"{Path(name).name}: no document file with this name or id" in message
    assert counts(tmp / "policy.duckdb") == before
    assert Warehouse(tmp / "policy.duckdb").exists("policy_documents")
