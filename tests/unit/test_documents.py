from __future__ import annotations

import pytest

from pipeline.documents import MAX_BYTES, DocumentError, parse_document, read_documents

HEADER = b"---\nid: doc_1\ntitle: A plan\npublished: 2024-03-05\ncountry: USA\n---\n"


def test_header_is_parsed_and_the_body_read_as_lines():
    doc = parse_document(HEADER + b"Keep inflation stable.\n\n  Cut the deficit.  \n", "x.txt")
    assert doc.document_id == "doc_1"
    assert doc.title == "A plan"
    assert doc.country_iso3 == "USA"
    assert doc.published.isoformat() == "2024-03-05"
    assert doc.baseline_year == 2023
    assert doc.text == "Keep inflation stable.\nCut the deficit."
    assert doc.warnings == ()
    assert doc.inferred == ("document_kind other inferred from 'no cue words of a known kind'",)


def test_missing_metadata_is_inferred_from_the_text_and_says_so():
    doc = parse_document(
        b"BEIJING, March 5 (Xinhua) -- The State Council set the targets for 2024.\n"
        b"Promote growth of the economy.\n",
        "My Plan 2024.txt",
    )
    assert doc.document_id == "my_plan_2024"
    assert doc.country_iso3 == "CHN"
    assert doc.published.isoformat() == "2024-03-05"
    assert any(n.startswith("published 2024-03-05 inferred from") for n in doc.inferred)
    assert any(n.startswith("country CHN inferred from") for n in doc.inferred)


def test_a_document_that_names_no_economy_is_the_worlds_with_a_warning():
    doc = parse_document(b"Promote growth of the economy.\n", "plan.txt")
    assert doc.country_iso3 == "WLD"
    assert doc.published is None
    assert any("no country" in w for w in doc.warnings)
    assert any("no publication date" in w for w in doc.warnings)


def test_windows_1252_text_is_read_with_a_warning():
    doc = parse_document(b"caf\xe9 policy: raise R&D spending.", "plan.txt")
    assert "café" in doc.text
    assert any("not UTF-8" in w and "cp1252" in w for w in doc.warnings)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "empty"),
        (HEADER, "empty"),
        (b"\x00\x01binary\x00", "binary"),
        (b"caf\x81\x8d policy", "not UTF-8"),
        (b"<html><body><p>Plan</p></body></html>", "HTML"),
        (b"---\nid: x\nno header end", "never closed"),
        (b"---\nid: ../../etc/passwd\n---\ntext", "lower-case"),
        (b"---\nid: a'; drop table x; --\n---\ntext", "lower-case"),
        (b"---\npublished: yesterday\n---\ntext", "YYYY-MM-DD"),
        (b"---\ncountry: China\n---\ntext", "ISO3"),
    ],
)
def test_malformed_documents_raise_a_named_error(raw, reason):
    with pytest.raises(DocumentError) as err:
        parse_document(raw, "bad.txt")
    assert "bad.txt" in str(err.value)
    assert reason in str(err.value)


def test_enormous_document_is_refused_without_decoding():
    with pytest.raises(DocumentError, match="too large"):
        parse_document(b"a" * (MAX_BYTES + 1), "big.txt")


def test_one_bad_document_does_not_stop_the_others(tmp_path):
    (tmp_path / "good.txt").write_bytes(HEADER + b"Raise R&D spending.\n")
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\x00")
    (tmp_path / "dup.txt").write_bytes(HEADER + b"Another text.\n")
    docs, errors = read_documents(tmp_path)
    assert [d.document_id for d in docs] == ["doc_1"]
    reasons = sorted(e.reason for e in errors)
    assert any("binary" in r for r in reasons)
    assert any("also used by" in r for r in reasons)
