"""Dynamic answers are compressed for a client that accepts gzip (issue 16): a public page,
the API's JSON, an open data CSV; a client that does not ask gets them as they are."""

from __future__ import annotations

import gzip
import json

import pytest
from django.test import Client

PLAN = "test-2024-2028"


@pytest.mark.parametrize(
    "path",
    [f"/plans/{PLAN}/", f"/api/v1/plans/{PLAN}", "/api/v1/openapi.json"],
)
def test_it_gzips_what_a_client_accepts_gzipped(world: object, path: str) -> None:
    plain = Client().get(path)
    zipped = Client().get(path, headers={"Accept-Encoding": "gzip, br"})
    assert plain.status_code == zipped.status_code == 200
    assert "Content-Encoding" not in plain
    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    body = gzip.decompress(zipped.content)
    assert len(zipped.content) < len(body)
    if path.startswith("/api/"):
        assert json.loads(body) == plain.json()
    else:
        assert "<html" in body.decode()
