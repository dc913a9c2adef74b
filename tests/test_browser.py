"""Headless Chromium over `claimwatch serve`: the chart is drawn and planted scripts never run."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from claimwatch.web.app import claim_page_path
from crawler.settings import CLAIMWATCH_BROWSER_ARGS
from db import open_db

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[1]
SHOTS = REPO / "artifacts" / "screenshots"
# Without the background-networking flags Chromium dials out, and this sandbox refuses it:
# the crawl's own switches.
CHROMIUM_ARGS = CLAIMWATCH_BROWSER_ARGS

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="/usr/bin/chromium is absent (apt-get install chromium)"
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(url: str, proc: subprocess.Popen[bytes], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"claimwatch serve exited: {proc.stdout.read().decode()}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(url)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, bool]]:
    """(base URL, database name, planted) for `claimwatch serve` in a subprocess."""
    real = os.environ.get("CLAIMWATCH_TEST_DB")
    if real:
        path, planted = Path(real), False
    else:
        from test_datasette import build_sample_db

        path, planted = tmp_path_factory.mktemp("browse") / "claimwatch.db", True
        build_sample_db(path)
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.Popen(
        [sys.executable, "-m", "claimwatch", "serve", "--db", str(path), "--port", str(port)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(f"{base}/-/versions.json", proc)
        yield base, path.stem, planted
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """A headless Chromium driven by Playwright."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page that records every dialog (an alert would mean a script ran)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.dialogs = []

    def on_dialog(dialog: Any) -> None:
        tab.dialogs.append(dialog.message)
        dialog.dismiss()

    tab.on("dialog", on_dialog)
    yield tab
    context.close()


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _murati_path(server: tuple[str, str, bool]) -> str:
    base, name, planted = server
    real = os.environ.get("CLAIMWATCH_TEST_DB")
    db = open_db(real, migrate=False) if real else None
    path = claim_page_path(db, "Meta", "Mira Murati") if db else "/-/claimwatch/claim/1"
    if path is None:
        pytest.skip("no Meta → Mira Murati claim in this database")
    return path


def test_repeated_claims_link_to_drawn_chart(server: tuple[str, str, bool], page: Any) -> None:
    base, name, planted = server
    page.goto(f"{base}/{name}/claims_repeated")
    assert page.locator("table.rows-and-columns tbody tr").count() >= 1
    _shot(page, "repeated_claims")
    path = _murati_path(server)
    page.locator(f'a[href="{path}"]').first.click()
    page.wait_for_url(f"{base}{path}")
    chart = page.locator("svg.claim-spread")
    chart.wait_for()
    assert chart.is_visible()
    rows = page.locator("svg.claim-spread g.source-row").count()
    marks = page.locator("svg.claim-spread circle.mark").count()
    assert rows >= 2 and marks >= rows
    if planted:
        assert rows == 4 and marks == 4
        assert page.locator("svg.claim-spread line.copy-link").count() == 1
        assert page.locator("svg.claim-spread circle.stance-denied").count() == 1
    box = chart.bounding_box()
    assert box and box["width"] > 400 and box["height"] > 150
    _shot(page, "claim_murati")
    assert page.dialogs == []


PLANTED_PAGES = {
    "article_row": "/{name}/articles/4",
    "articles_search": "/{name}/articles?_search=Murati",
    "mentions": "/{name}/mentions",
    "claim_timeline": "/{name}/claim_timeline?claim=1",
    "claim_chart": "/-/claimwatch/claim/1",
}


@pytest.mark.parametrize("shot", list(PLANTED_PAGES))
def test_planted_script_stays_text(server: tuple[str, str, bool], page: Any, shot: str) -> None:
    base, name, planted = server
    if not planted:
        pytest.skip("the planted <script> article is only in the sample database")
    page.goto(base + PLANTED_PAGES[shot].format(name=name))
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    assert page.dialogs == []
    assert page.locator("img[src='x']").count() == 0
    injected = page.evaluate(
        "() => [...document.scripts].filter(s => s.textContent.includes('alert(')).length"
    )
    assert injected == 0
    assert page.get_by_text("<script>alert('xss')</script>", exact=False).count() >= 1
    _shot(page, f"escaped_{shot}")
