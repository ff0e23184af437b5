"""Open the HTML scorecard in headless Chromium: did every chart load, and what does it look like.

``python -m pipeline.report.browser [reports/scorecard.html] [--screenshot reports/screenshot.png]``
(``make report-check``) prints "N of N charts loaded" and writes a full-page screenshot; it
exits non-zero when a chart is missing or no Chromium is installed. The page itself counts the
charts that loaded (a small script in the report) and Chromium's ``--dump-dom`` returns that
count after the page's load event.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from pipeline import config

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]
CHARTS = re.compile(r'data-charts="(\d+)/(\d+)"')


def find_browser() -> str | None:
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


def _run(browser: str, profile: str, args: list[str], timeout: float) -> str:
    done = subprocess.run(  # noqa: S603 - a browser binary found on PATH, our own arguments
        [browser, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{browser} exited {done.returncode}: {done.stderr[-2000:]}")
    return done.stdout


def check_report(
    page: Path, screenshot: Path | None = None, timeout: float = 90.0
) -> tuple[int, int]:
    """(charts loaded, charts on the page); writes a screenshot when asked."""
    browser = find_browser()
    if browser is None:
        raise FileNotFoundError(f"no Chromium found on PATH (looked for {', '.join(BROWSERS)})")
    url = page.resolve().as_uri()
    with tempfile.TemporaryDirectory(prefix="policy-tracker-chromium-") as profile:
        dom = _run(browser, profile, ["--virtual-time-budget=10000", "--dump-dom", url], timeout)
        if screenshot is not None:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            # tall enough for the whole page: two charts a row, the tables' rows
            height = 1200 + 330 * dom.count("<figure") // 2 + 40 * dom.count("<tr")
            _run(
                browser,
                profile,
                [f"--window-size=1300,{height}", f"--screenshot={screenshot}", url],
                timeout,
            )
    m = CHARTS.search(dom)
    if m is None:
        raise RuntimeError(f"{page}: the page did not report its charts (no data-charts)")
    return int(m.group(1)), int(m.group(2))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = config.reports_dir() / "scorecard.html"
    parser.add_argument("page", nargs="?", type=Path, default=default)
    parser.add_argument("--screenshot", type=Path, default=None)
    args = parser.parse_args(argv)
    shot = args.screenshot or args.page.with_name("screenshot.png")
    try:
        loaded, total = check_report(args.page, shot)
    except (FileNotFoundError, RuntimeError) as exc:
        print(f"report check failed: {exc}", file=sys.stderr)
        return 1
    print(f"{args.page}: {loaded} of {total} charts loaded; screenshot {shot}")
    return 0 if total and loaded == total else 1


if __name__ == "__main__":
    sys.exit(main())
