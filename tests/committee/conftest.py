from __future__ import annotations

from typing import Any

import pytest
from tests.support.committee import add_committee

from gyokaku.committee.models import CommitteeReview


@pytest.fixture
def review(world: Any) -> CommitteeReview:
    """FY2024 of the test plan shared with the committee, with two opinions of iin-a."""
    return add_committee(world)
