from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from tests.support.smtp import Inbox, smtp_server


@pytest.fixture
def inbox(settings: Any) -> Iterator[Inbox]:
    yield from smtp_server(settings)
