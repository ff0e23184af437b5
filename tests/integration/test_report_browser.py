"""The HTML scorecard in headless Chromium: every chart loads, and the page is screenshotted.

Needs a Chromium on PATH (Debian's ``chromium``; ``.ci/run`` installs it). Without one the test
is skipped, unless POLICY_TRACKER_REQUIRE_BROWSER=1 (CI sets it), where a missing browser fails.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.image as mpimg
import pytest

from pipeline.config import DOCUMENTS_DIR
from pipeline.report.browser import check_report
from tests.support.pipeline import materialize_all, resources
from tests.support.ui import browser_or_skip

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    browser_or_skip()
    tmp = tmp_path_factory.mktemp("report")
    result = materialize_all(resources(tmp))
    assert result.success
    return tmp / "reports" / "scorecard.html"


def test_every_chart_is_visible_in_headless_chromium(report: Path) -> None:
    charts = list((report.parent / "charts").glob("*.png"))
    shot = report.with_name("screenshot.png")
    loaded, total = check_report(report, shot)
    assert total == len(charts) > 10
    assert loaded == total
    image = mpimg.imread(shot)
    height, width = image.shape[:2]
    assert width == 1300 and height > 3000
    # the charts' lower half of the page is not blank: many distinct colours are drawn there
    lower = image[height // 2 :, :, :3].reshape(-1, 3)[::97]
    assert len({tuple(px) for px in (lower * 255).astype(int)}) > 20


def test_a_missing_chart_file_is_reported(report: Path, tmp_path: Path) -> None:
    page = tmp_path / "scorecard.html"
    page.write_text(report.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "charts").mkdir()  # the page's charts are not beside this copy
    loaded, total = check_report(page)
    assert total > 10 and loaded == 0


REPORT_FACTS = """() => {
  const rows = Array.from(document.querySelectorAll('table.goals tbody tr'));
  const keys = rows.map(r => [r.dataset.goal, r.dataset.indicator, r.dataset.country].join('|'));
  const chartLinks = Array.from(document.querySelectorAll('a.chart-link'))
    .map(a => a.getAttribute('href'));
  const sourceLinks = Array.from(document.querySelectorAll('table.goals details a'))
    .map(a => a.getAttribute('href'));
  return {
    summaryRows: document.querySelectorAll('table.summary tbody tr').length,
    summaryText: document.querySelector('table.summary').innerText,
    sections: Array.from(document.querySelectorAll('section.document')).map(s => s.id),
    rows: keys.length,
    distinct: new Set(keys).size,
    chartLinks: chartLinks,
    missingCharts: chartLinks.filter(h => !document.querySelector(h)).length,
    sourceLinks: sourceLinks,
  };
}"""


def test_the_report_reads_as_an_analyst_reads_it(report: Path) -> None:
    """Summary first, one section per document, each goal x indicator x country once, and
    every goal links to its chart and to its sentence in the stored text."""
    from playwright.sync_api import sync_playwright

    documents = {p.stem for p in DOCUMENTS_DIR.glob("*.txt")}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=browser_or_skip(), args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1300, "height": 900})
            page.goto(report.as_uri())
            facts = page.evaluate(REPORT_FACTS)
            # a source link opens the document's page at the sentence
            link = facts["sourceLinks"][0]
            path, anchor = link.split("#", 1)
            page.goto(f"{(report.parent / path).as_uri()}#{anchor}")
            marked = page.evaluate(f"document.getElementById({anchor!r}).tagName")
        finally:
            browser.close()
    assert facts["summaryRows"] == len(documents)  # one country each here
    assert all(d in facts["summaryText"] for d in documents)
    assert sorted(facts["sections"]) == sorted(f"doc-{d}" for d in documents)
    assert facts["rows"] > 20 and facts["distinct"] == facts["rows"], "a goal row twice"
    assert len(facts["chartLinks"]) > 10 and facts["missingCharts"] == 0
    for href in facts["sourceLinks"]:
        path, anchor = href.split("#", 1)
        assert f'id="{anchor}"' in (report.parent / path).read_text(encoding="utf-8"), href
    assert marked == "MARK"
