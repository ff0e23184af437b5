"""The Dagster UI in a real browser: Playwright driving the system Chromium (no download).

``scorecard_charts_in_ui(url)`` opens the scorecard asset's page, opens its "scorecard"
markdown metadata ("Show Markdown") and returns how many chart images the dialog holds and
how many of them the browser decoded (``naturalWidth > 0``).
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
            page.get_by_text("Show Markdown").first.click()
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
