"""The HTML scorecard in headless Chromium: every chart loads, and the page is screenshotted.

Needs a Chromium on PATH (Debian's ``chromium``; ``.ci/run`` installs it). Without one the test
is skipped, unless POLICY_TRACKER_REQUIRE_BROWSER=1 (CI sets it), where a missing browser fails.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.image as mpimg
import pytest

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
