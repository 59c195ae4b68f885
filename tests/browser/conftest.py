"""Browser tests: the app server and Chromium fixtures of tests/support/browser.py (the open data
browser tests use them too). ``live_server_url`` is shared by the session; a module whose data
would disturb the others' overrides it with its own ``fresh_server()``."""

from __future__ import annotations

from tests.support.browser import (  # noqa: F401 (fixtures, registered by being imported here)
    assert_accessible,
    browser,
    csp_watch,
    live_server_url,
    login,
    page,
)
