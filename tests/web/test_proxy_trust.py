"""Trust in the TLS proxy (GYOKAKU_TLS_PROXY): its forwarded scheme and client address are
believed, anyone else's forwarding headers are dropped, under either server (issue 16 #3). The
servers themselves behind a proxy: tests/ops/test_deploy_check.py."""

from __future__ import annotations

from typing import Any

import pytest
from gunicorn.config import Config

from gyokaku.web.proxy_trust import (
    FORWARDED,
    ProxyTrust,
    client_address,
    gunicorn_options,
    waitress_options,
)

PROXY = "10.0.0.5"


def seen_by_the_app(proxy: str, peer: str, **headers: str) -> dict[str, Any]:
    seen: dict[str, Any] = {}

    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        seen.update(environ)
        start_response("200 OK", [])
        return [b""]

    environ = {"REMOTE_ADDR": peer, "REMOTE_PORT": "50000", "wsgi.url_scheme": "http", **headers}
    ProxyTrust(app, proxy)(environ, lambda status, headers: None)
    return seen


def test_it_believes_the_proxy_about_the_client_and_https() -> None:
    seen = seen_by_the_app(
        PROXY,
        PROXY,
        HTTP_X_FORWARDED_PROTO="https",
        HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.9",
    )
    assert seen["REMOTE_ADDR"] == "203.0.113.9"  # the address the proxy added, not the claim
    assert "REMOTE_PORT" not in seen
    assert seen["wsgi.url_scheme"] == "https"
    assert seen["HTTP_X_FORWARDED_PROTO"] == "https"  # Django's SECURE_PROXY_SSL_HEADER


def test_it_keeps_the_proxys_address_when_it_forwards_none() -> None:
    seen = seen_by_the_app(PROXY, PROXY)
    assert (seen["REMOTE_ADDR"], seen["wsgi.url_scheme"]) == (PROXY, "http")


@pytest.mark.parametrize("proxy", [PROXY, ""])
def test_it_drops_every_forwarding_header_from_anyone_else(proxy: str) -> None:
    claims = {name: "https" if "PROTO" in name else "203.0.113.9" for name in FORWARDED}
    seen = seen_by_the_app(proxy, "192.0.2.44", **claims)
    assert not set(FORWARDED) & set(seen)
    assert (seen["REMOTE_ADDR"], seen["wsgi.url_scheme"]) == ("192.0.2.44", "http")


def test_the_client_is_the_last_forwarded_address() -> None:
    assert client_address("203.0.113.9") == "203.0.113.9"
    assert client_address("1.2.3.4,  203.0.113.9 ") == "203.0.113.9"
    assert client_address("") == ""


def test_waitress_trusts_the_proxy_only_and_nobody_without_one() -> None:
    assert waitress_options("") == {}
    assert waitress_options(PROXY) == {
        "trusted_proxy": PROXY,
        "trusted_proxy_headers": "x-forwarded-proto x-forwarded-for",
        "trusted_proxy_count": 1,
        "clear_untrusted_proxy_headers": True,
    }


@pytest.mark.parametrize(("proxy", "trusted"), [(PROXY, [PROXY]), ("", [])])
def test_gunicorn_takes_the_scheme_from_the_proxy_only(proxy: str, trusted: list[str]) -> None:
    config = Config()
    for name, value in gunicorn_options(proxy).items():
        config.set(name, value)
    assert config.forwarded_allow_ips == trusted
    assert config.secure_scheme_headers == {"X-FORWARDED-PROTO": "https"}
