"""Odd input from anyone on the internet: the public pages answer, never fail."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fy", ["²", "٣", "2024x", "", "-1", "99999999999999999999"])
def test_an_odd_year_falls_back_to_the_latest(published: Any, fy: str) -> None:
    client = Client()
    for path in ("/plans/test-2024-2028/", "/plans/test-2024-2028/nodes/1/"):
        assert client.get(path, {"fy": fy}).status_code == 200, (path, fy)


def test_a_dollar_in_a_unit_is_a_dollar_not_math(published: Any, world: Any) -> None:
    """Units and labels are people's text; matplotlib would read "$…$" as TeX and fail."""
    from gyokaku.measures.models import Indicator

    changed = Indicator.objects.filter(sheet__node=world.node("1-1")).update(unit="$\\frac{$")
    assert changed
    response = Client().get("/plans/test-2024-2028/nodes/1-1/")
    assert response.status_code == 200
    assert "$\\frac{$" in response.content.decode()
