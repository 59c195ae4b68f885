"""The browser tests' fixtures and app server (tests/browser and tests/opendata import them into
their conftest.py): a real app server process and Debian's Chromium driven by Playwright.

The server runs in its own process on its own database (a temporary GYOKAKU_VAR_DIR), so
these tests never touch the test database and need no ``db`` fixture. Playwright's sync API
keeps an event loop in this thread while it is started, and Django refuses database access
from a thread with a running loop: Playwright is therefore started per module, not per
session, so that it is stopped before the next file's database tests run.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.support.processes import free_port, gyokaku_command, wait_until_up

import gyokaku

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--headless",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AOMORI_FILE = Path(gyokaku.__file__).parent / "plans" / "data" / "aomori-2024-2028.json"
PLAN_BUILDERS = Path(__file__).resolve().parent / "built_plans.py"
# Until the bundled plan file exists: build the Aomori slice of the page tests' plans.
LOAD_SLICE = f"""
import importlib.util
spec = importlib.util.spec_from_file_location("gyokaku_page_fixtures", {str(PLAN_BUILDERS)!r})
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
module.build_aomori_slice()
"""
# Staff for the round test (tests/browser/test_browser_round.py): one department owning two
# items, a coordinator and an editor. Created through the services, as `gyokaku user add` does.
STAFF_PASSWORD = "correct horse battery staple"
STAFF_ITEMS = ("2-1-01-2", "2-1-01-1")
ADD_STAFF = f"""
from gyokaku.accounts.services import department_upsert, user_add
from gyokaku.plans.models import Municipality, Node
town = Municipality.objects.get(code="022012")
dx = department_upsert(municipality=town, code="dx", name="情報政策課", actor_label="test")
for key in {STAFF_ITEMS!r}:
    Node.objects.get(plan__slug="aomori-2024-2028", key=key).departments.add(dx)
for name, role, codes in [("coord", "coordinator", []), ("editor", "editor", ["dx"])]:
    user_add(username=name, role=role, municipality=town, department_codes=codes,
             password={STAFF_PASSWORD!r}, actor_label="test")
"""
WCAG_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


@contextlib.contextmanager
def fresh_server(*setup: tuple[str, ...]) -> Iterator[str]:
    """Migrate a fresh database, load the Aomori plan and the staff, run the ``setup`` commands
    (``("plan", "sheet-import", …)``), serve it; yield the base URL. A module whose data would
    disturb the others' (open rounds, say) overrides ``live_server_url`` with its own server
    from here (tests/browser/test_browser_public.py)."""
    var_dir = Path(tempfile.mkdtemp(prefix="gyokaku-browser-"))
    env = {**os.environ, "GYOKAKU_VAR_DIR": str(var_dir), "GYOKAKU_DEBUG": "1"}
    env.pop("DATABASE_URL", None)  # always the temporary SQLite database
    gyokaku_cmd = gyokaku_command()

    def run(*args: str) -> None:
        done = subprocess.run([gyokaku_cmd, *args], env=env, capture_output=True, text=True)
        if done.returncode != 0:
            pytest.fail(f"gyokaku {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")

    run("migrate", "--no-input", "-v", "0")
    if AOMORI_FILE.exists():
        run("plan", "import", str(AOMORI_FILE))
    else:
        run("shell", "-c", LOAD_SLICE)
    run("shell", "-c", ADD_STAFF)
    for command in setup:
        run(*command)
    port = free_port()
    log = var_dir / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [gyokaku_cmd, "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url + "/", process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(var_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def live_server_url() -> Iterator[str]:
    """The app server the browser tests of a session share (see ``fresh_server``)."""
    with fresh_server() as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        reason = (
            f"!!! BROWSER TESTS NOT RUN: {CHROMIUM} not found "
            "(apt-get install -y chromium fonts-noto-cjk) !!!"
        )
        if os.environ.get("GYOKAKU_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    finally:
        playwright.stop()


# Every page reports what its Content-Security-Policy refused (Chromium also logs it).
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"}`
    + ` at ${e.sourceFile}:${e.lineNumber} (${e.sample})`);
});
"""


class CspWatch:
    """The Content-Security-Policy violations the browser contexts of one test reported: the
    fixtures below fail the test on any, so every page type the browser tests visit is checked
    against the policy (settings.CONTENT_SECURITY_POLICY)."""

    def __init__(self) -> None:
        self.violations: list[str] = []

    def watch(self, context: Any) -> None:
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        context.on("console", self._console)

    def _console(self, message: Any) -> None:
        text = message.text
        if "Content Security Policy" in text or text.startswith("CSP violation"):
            self.violations.append(f"{message.page.url if message.page else '?'}: {text}")

    def check(self) -> None:
        assert not self.violations, "CSP violations:\n" + "\n".join(self.violations)


def new_context(browser: Any, live_server_url: str, csp: CspWatch) -> Any:
    context = browser.new_context(locale="ja-JP", base_url=live_server_url)
    csp.watch(context)
    return context


@pytest.fixture
def csp_watch() -> Iterator[CspWatch]:
    watch = CspWatch()
    yield watch
    watch.check()


@pytest.fixture
def page(browser: Any, live_server_url: str, csp_watch: CspWatch) -> Iterator[Any]:
    """A fresh Japanese-speaking browser context per test (no cookies carried over)."""
    context = new_context(browser, live_server_url, csp_watch)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def login(
    browser: Any, live_server_url: str, csp_watch: CspWatch
) -> Iterator[Callable[[str], Any]]:
    """``login(username)``: a fresh browser context per person, logged in through the login
    page (the staff users the server fixture creates share STAFF_PASSWORD)."""
    contexts = []

    def as_person(username: str) -> Any:
        context = new_context(browser, live_server_url, csp_watch)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto("/accounts/login/")
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(STAFF_PASSWORD)
        page.get_by_role("button", name="ログイン").click()
        page.wait_for_url("**/my/")
        return page

    yield as_person
    for context in contexts:
        context.close()


def _describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {node['target']}: {node.get('failureSummary', '')}")
    return "\n".join(lines)


@pytest.fixture
def assert_accessible() -> Callable[[Any], None]:
    """Run axe-core's WCAG 2.1 A/AA rules on the page; fail on any violation, listing them."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page: Any) -> None:
        violations = list(axe.run(page, options=WCAG_AA).response["violations"])
        assert not violations, f"axe on {page.url}:\n{_describe(violations)}"

    return check
