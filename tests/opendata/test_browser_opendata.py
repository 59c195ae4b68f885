"""In Chromium: the open data page is accessible, and the static export works from a plain file
server under a sub-path (every page, stylesheet, script and data file loads from there)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.support.processes import free_port, gyokaku_command, wait_until_up

from gyokaku.opendata.formats import FORMATS
from gyokaku.opendata.tables import TABLES

pytestmark = pytest.mark.browser
SLUG = "aomori-2024-2028"
SUB_PATH = "/city/gyokaku/"


def test_the_open_data_page_is_accessible(
    page: Any, assert_accessible: Callable[[Any], None]
) -> None:
    response = page.goto(f"/opendata/{SLUG}/")
    assert response.status == 200
    assert_accessible(page)
    page.locator("details summary").first.click()  # a table's columns, opened
    assert_accessible(page)


@pytest.fixture(scope="module")
def static_site() -> Iterator[str]:
    """The demo plan exported with `gyokaku publish` and served by `python -m http.server` from
    a sub-path; yields the site's address."""
    var_dir = Path(tempfile.mkdtemp(prefix="gyokaku-publish-"))
    env = {**os.environ, "GYOKAKU_VAR_DIR": str(var_dir)}
    env.pop("DATABASE_URL", None)
    www = var_dir / "www"
    for args in (
        ["migrate", "--no-input", "-v", "0"],
        ["demo", "load"],
        ["publish", SLUG, str(www / SUB_PATH.strip("/"))],
    ):
        done = subprocess.run([gyokaku_command(), *args], env=env, capture_output=True, text=True)
        assert done.returncode == 0, f"gyokaku {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
    port = free_port()
    log = var_dir / "http.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
            cwd=www,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}{SUB_PATH}"
    try:
        wait_until_up(url + "index.html", server, log)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(var_dir, ignore_errors=True)


def test_the_export_works_from_a_file_server_under_a_sub_path(
    browser: Any, static_site: str, assert_accessible: Callable[[Any], None]
) -> None:
    context = browser.new_context(locale="ja-JP")
    page = context.new_page()
    requested: list[tuple[str, int]] = []
    page.on("response", lambda r: requested.append((r.url, r.status)))
    try:
        page.goto(static_site + "index.html")
        page.get_by_role("link", name="青森市行財政改革プラン(2024-2028)").first.click()
        page.wait_for_url("**/plans/aomori-2024-2028/index.html")
        assert page.locator("link[rel=stylesheet]").count() == 1
        assert page.evaluate("getComputedStyle(document.body).margin") == "0px"  # our CSS
        assert_accessible(page)
        page.locator("[data-tree] a").first.click()
        page.wait_for_url("**/plans/aomori-2024-2028/nodes/*/index.html")
        page.goto(static_site + f"opendata/{SLUG}/index.html")
        assert_accessible(page)
        hrefs = page.locator("#table-files a").evaluate_all("links => links.map(a => a.href)")
        # every table of the open data in every format, each once
        names = sorted(href.rsplit("/", 1)[1] for href in hrefs)
        assert names == sorted(f"{table}.{fmt}" for table in TABLES for fmt in FORMATS)
        for href in [*hrefs, static_site + f"opendata/{SLUG}/datapackage.json"]:
            assert page.request.get(href).status == 200, href
    finally:
        context.close()
    assert requested and all(url.startswith(static_site) for url, _ in requested), requested
    assert all(status < 400 for _, status in requested), requested
