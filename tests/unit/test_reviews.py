"""Reviews: read from files, found by their quote, applied, and reported when they match
nothing or too much."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.reviews import ReviewError, apply_reviews, load_reviews
from pipeline.warehouse.registry import table

TEXT = [
    "GDP growth of around 6.5 percent",
    "CPI increase of around 3 percent",
    "CPI increase of around 3 percent for retail prices",
]


def extracted(texts=TEXT, doc="plan") -> pd.DataFrame:
    rows = [
        {"goal_id": f"{doc}-g{i * 40}", "document_id": doc, "kind": "goal", "text": t,
         "span_start": i * 40, "span_end": i * 40 + len(t), "direction": "maintain",
         "country_iso3": "CHN", "target_value": 3.0, "comparator": "~", "rule": "r",
         "confidence": 0.9, "searchable": False, "direction_from_words": True}
        for i, t in enumerate(texts)
    ]  # fmt: skip
    return table("extracted_goals").frame(rows)


def write(folder, body: str, name: str = "plan.yaml"):
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(body, encoding="utf-8")
    return folder


def test_a_review_finds_its_record_by_words_and_corrects_it(tmp_path):
    folder = write(
        tmp_path / "r",
        """
document: plan
reviews:
  - quote: "  gdp GROWTH of around 6.5 percent "
    reviewer: jane
    reason: a floor, as the next year's review reads it
    comparator: ">="
    target_value: 6.5
""",
    )
    out = apply_reviews(extracted(), load_reviews(folder))
    row = out.frame.set_index("goal_id").loc["plan-g0"]
    assert (row["comparator"], row["target_value"], bool(row["reviewed"])) == (">=", 6.5, True)
    assert row["review_action"] == "correct"
    assert "comparator '~' -> '>='" in row["review"] and "by jane" in row["review"]
    assert not out.problems and out.applied == 1
    assert out.frame["reviewed"].sum() == 1  # the others say no one reviewed them


def test_an_exact_clause_wins_over_a_longer_one_and_ambiguity_is_reported(tmp_path):
    folder = write(
        tmp_path / "r",
        """
document: plan
reviews:
  - quote: CPI increase of around 3 percent
    status: target achieved
    reason: the work report's CPI target is a ceiling
  - quote: around
    reject: true
    reason: too vague a quote
""",
    )
    out = apply_reviews(extracted(), load_reviews(folder))
    reviewed = out.frame[out.frame["reviewed"]]
    assert list(reviewed["goal_id"]) == ["plan-g40"]
    assert reviewed.iloc[0]["review_status"] == "target achieved"
    assert out.problems == ["plan.yaml: 'around': matches 3 records; quote more words"]


def test_a_stale_review_is_reported_never_dropped_silently(tmp_path):
    folder = write(
        tmp_path / "r",
        """
document: plan
reviews:
  - quote: CPI increase of about 2 percent
    reject: true
    reason: gone
""",
    )
    out = apply_reviews(extracted(), load_reviews(folder))
    assert out.applied == 0 and not out.frame["reviewed"].any()
    assert "matches no record of plan (stale?)" in out.problems[0]


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ("document: plan\nreviews:\n  - reject: true\n", "needs a quote"),
        ("reviews: []\n", "needs 'document:"),
        ("document: plan\nreviews:\n  - {quote: x, colour: red}\n", "unknown fields ['colour']"),
        ("document: plan\nreviews:\n  - {quote: x, measure: speed}\n", "measure must be one of"),
        ("document: plan\nreviews:\n  - {quote: x, status: fine}\n", "status must be"),
        ("document: plan\nreviews:\n  - {quote: x, reject: true}\n", "needs a reason"),
        ("document: [unclosed\n", "not valid YAML"),
    ],
)
def test_a_malformed_review_file_names_the_file_and_the_fault(tmp_path, body, says):
    folder = write(tmp_path / "r", body, "bad.yaml")
    with pytest.raises(ReviewError, match="bad.yaml") as err:
        load_reviews(folder)
    assert says in str(err.value)


def test_a_review_of_a_document_not_in_the_run_is_set_aside_not_stale(tmp_path):
    folder = write(
        tmp_path / "r", "document: other\nreviews:\n  - {quote: x, reject: true, reason: r}\n"
    )
    out = apply_reviews(extracted(), load_reviews(folder))
    assert not out.problems and out.applied == 0
    assert out.elsewhere == ["plan.yaml: 'x': document other not in this run"]
