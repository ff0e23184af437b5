from __future__ import annotations

import pytest

from pipeline.documents import MAX_BYTES, DocumentError, parse_document, read_documents

HEADER = b"---\nid: doc_1\ntitle: A plan\npublished: 2024-03-05\ncountry: USA\n---\n"


def test_header_is_parsed_and_body_kept_verbatim():
    doc = parse_document(HEADER + b"Keep inflation stable.\n", "x.txt")
    assert doc.document_id == "doc_1"
    assert doc.title == "A plan"
    assert doc.country_iso3 == "USA"
    assert doc.published.isoformat() == "2024-03-05"
    assert doc.baseline_year == 2023
    assert doc.text == "Keep inflation stable.\n"
    assert doc.warnings == ()


def test_missing_metadata_gets_defaults_and_warnings():
    doc = parse_document(b"Promote growth of the economy.\n", "My Plan 2024.txt")
    assert doc.document_id == "my_plan_2024"
    assert doc.country_iso3 == "CHN"
    assert doc.published is None
    assert len(doc.warnings) == 4


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "empty"),
        (HEADER, "empty"),
        (b"\x00\x01binary\x00", "binary"),
        (b"caf\xe9 policy", "not UTF-8"),
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
