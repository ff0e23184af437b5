"""The Dagster UI in a real browser: Playwright driving the system Chromium (no download).

``scorecard_charts_in_ui(url)`` opens the scorecard asset's page, opens its first chart entry
("Show Markdown") and returns how many chart images the dialog holds and how many of them the
browser decoded (``naturalWidth > 0``); ``open_asset_page`` reads an asset's page, or measures
whether a table on it fits the width.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.report.browser import find_browser


def browser_or_skip() -> str:
    path = find_browser()
    if path is None:
        if os.environ.get("POLICY_TRACKER_REQUIRE_BROWSER") == "1":
            pytest.fail("no Chromium on PATH and POLICY_TRACKER_REQUIRE_BROWSER=1")
        pytest.skip("no Chromium on PATH (apt-get install chromium)")
    return path


def scorecard_charts_in_ui(
    url: str, screenshot: Path | None = None, timeout_ms: float = 60_000
) -> tuple[int, int]:
    """Open the scorecard's first chart entry ("chart 01 ...", "Show Markdown"): how many
    chart images its dialog holds and how many the browser decoded."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=browser_or_skip(), args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(timeout_ms)
            page.goto(f"{url}/assets/scorecard", wait_until="networkidle")
            skip = page.get_by_role("button", name="Skip")  # the first-visit community dialog
            if skip.count():
                skip.first.click()
            row = page.locator("tr", has_text="chart 01").first
            row.scroll_into_view_if_needed()
            # force: a toast or the navigation's tooltip may lie over the button for a moment
            row.get_by_text("Show Markdown").first.click(force=True)
            charts = page.locator("img[src^='data:image/png']")
            charts.first.wait_for(state="visible")
            page.wait_for_function(
                "Array.from(document.querySelectorAll(\"img[src^='data:image/png']\"))"
                ".every(i => i.complete)"
            )
            loaded = page.evaluate(
                "Array.from(document.querySelectorAll(\"img[src^='data:image/png']\"))"
                ".filter(i => i.naturalWidth > 0).length"
            )
            if screenshot is not None:
                page.screenshot(path=str(screenshot))
            return charts.count(), int(loaded)
        finally:
            browser.close()


MEASURE = """(label) => {
  const cell = Array.from(document.querySelectorAll('th')).find(t => t.innerText.trim() === label);
  if (!cell) return {found: false, overflowing: [], right: 0, text: ''};
  const table = cell.closest('table');
  const overflowing = [];
  for (let p = table.parentElement; p; p = p.parentElement) {
    const style = getComputedStyle(p);
    if (p.scrollWidth > p.clientWidth + 1 && style.overflowX !== 'visible') {
      overflowing.push(p.tagName + ' ' + p.scrollWidth + '>' + p.clientWidth);
    }
  }
  return {found: true, overflowing, right: table.getBoundingClientRect().right,
          text: table.innerText};
}"""


def open_asset_page(url: str, asset: str, *, view: str | None = None, click: str | None = None,
                    measure: str | None = None, timeout_ms: float = 60_000):  # fmt: skip
    """The text of an asset's page at 1,400 px (after clicking ``click``), or, with
    ``measure``, whether the table headed ``measure`` fits without sideways scrolling."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=browser_or_skip(), args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(timeout_ms)
            query = f"?view={view}" if view else ""
            page.goto(f"{url}/assets/{asset}{query}", wait_until="networkidle")
            skip = page.get_by_role("button", name="Skip")  # the first-visit community dialog
            if skip.count():
                skip.first.click()
            if click:
                page.get_by_text(click).first.click(force=True)
                page.wait_for_load_state("networkidle")
            if measure:
                page.get_by_text(measure).first.wait_for()
                return page.evaluate(MEASURE, measure)
            page.get_by_text("Row count" if view is None else asset).first.wait_for()
            return page.inner_text("body")
        finally:
            browser.close()
