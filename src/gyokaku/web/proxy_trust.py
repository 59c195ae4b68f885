"""Trust in the TLS proxy in front of `gyokaku serve` (GYOKAKU_TLS_PROXY), for either server.

The proxy ends TLS and says, in ``X-Forwarded-Proto`` and ``X-Forwarded-For``, whether the
client spoke HTTPS and from which address. Only that one peer is believed: from anyone else
the headers are dropped before Django sees them, so nobody can claim HTTPS (and its secure
cookies and HSTS) or dodge the login throttle (django-axes counts by ``REMOTE_ADDR``) with
another address.

- waitress does all of it itself, told by ``waitress_options``.
- gunicorn sets the scheme from the trusted peer only (``gunicorn_options``), but passes every
  header on as it came and never rewrites ``REMOTE_ADDR``: ``ProxyTrust`` wraps the WSGI
  application to do what waitress does.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

# The headers a proxy may set about the client; one from anyone but the proxy is dropped. Django
# reads X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER); the others are dropped so that no code,
# ours or a library's, ever believes a client about its own address.
FORWARDED = (
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_X_FORWARDED_PROTOCOL",
    "HTTP_X_FORWARDED_SSL",
    "HTTP_X_FORWARDED_BY",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
)
# What the proxy may tell us (waitress's names). X-Forwarded-Host is not used: the proxy passes
# Host on as it came (docs/operations.md).
TRUSTED_HEADERS = "x-forwarded-proto x-forwarded-for"


def waitress_options(proxy: str) -> dict[str, Any]:
    """waitress's own trust in ``proxy`` (it drops the headers from any other peer)."""
    if not proxy:
        return {}
    return {
        "trusted_proxy": proxy,
        "trusted_proxy_headers": TRUSTED_HEADERS,
        "trusted_proxy_count": 1,
        "clear_untrusted_proxy_headers": True,
    }


def gunicorn_options(proxy: str) -> dict[str, Any]:
    """gunicorn's settings: the scheme from ``proxy`` only, and from nobody when there is none
    (its defaults trust 127.0.0.1 and three scheme headers)."""
    return {
        "forwarded_allow_ips": proxy,  # "" trusts nobody
        "secure_scheme_headers": {"X-FORWARDED-PROTO": "https"},
    }


def client_address(forwarded_for: str) -> str:
    """The client as our proxy saw it: the last address of X-Forwarded-For (the one it added;
    those before it are what the client claimed)."""
    return forwarded_for.rsplit(",", 1)[-1].strip()


class ProxyTrust:
    """WSGI middleware: from ``proxy``, the client's address and scheme as it forwards them;
    from anyone else, no forwarding header at all."""

    def __init__(self, app: Any, proxy: str) -> None:
        self.app = app
        self.proxy = proxy

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        if self.proxy and environ.get("REMOTE_ADDR") == self.proxy:
            if client := client_address(environ.get("HTTP_X_FORWARDED_FOR", "")):
                environ["REMOTE_ADDR"] = client
                environ.pop("REMOTE_PORT", None)  # the proxy's port, not the client's
            proto = environ.get("HTTP_X_FORWARDED_PROTO", "").strip().lower()
            if proto in ("http", "https"):
                environ["wsgi.url_scheme"] = proto
        else:
            for name in FORWARDED:
                environ.pop(name, None)
        return self.app(environ, start_response)  # type: ignore[no-any-return]
