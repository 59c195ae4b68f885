"""HTTPS in production: the README's production settings pass `gyokaku check --deploy`, and
`gyokaku serve` behind a TLS proxy believes that proxy and nobody else (issue 17).

The settings are read from the README's block, so the documented settings are the tested ones.
"""

from __future__ import annotations

import http.client
import re
import secrets
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.ops.conftest import free_port, gyokaku, gyokaku_env

README = Path(__file__).resolve().parents[2] / "README.md"
MARKER = "<!-- production-env:"


def documented_production_env() -> dict[str, str]:
    block = README.read_text(encoding="utf-8").split(MARKER, 1)[1]
    block = block.split("```sh\n", 1)[1].split("```", 1)[0]
    env = dict(line.split("=", 1) for line in block.splitlines() if "=" in line)
    assert env["GYOKAKU_SECRET_KEY"].startswith("（")  # a placeholder: make a real one
    env["GYOKAKU_SECRET_KEY"] = secrets.token_urlsafe(50)
    return env


def test_the_documented_production_settings_pass_the_deploy_check(tmp_path: Path) -> None:
    production = documented_production_env()
    assert {
        "GYOKAKU_TLS_PROXY",
        "GYOKAKU_SSL_REDIRECT",
        "GYOKAKU_HSTS_SECONDS",
        "GYOKAKU_HSTS_INCLUDE_SUBDOMAINS",
        "GYOKAKU_HSTS_PRELOAD",
        "GYOKAKU_SECURE_COOKIES",
    } <= set(production)
    done = gyokaku("check", "--deploy", env=gyokaku_env(tmp_path / "var", **production))
    assert done.returncode == 0, done.stderr
    assert "System check identified no issues" in done.stdout + done.stderr, done.stderr


def test_without_them_the_deploy_check_names_what_is_missing(tmp_path: Path) -> None:
    env = gyokaku_env(tmp_path / "var", GYOKAKU_SECURE_COOKIES="1")
    done = gyokaku("check", "--deploy", env=env)
    said = done.stdout + done.stderr
    assert "security.W004" in said and "security.W008" in said  # HSTS, SSL redirect


def _get(port: int, path: str, headers: dict[str, str]) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Host": "gyokaku.city.example.jp", **headers})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


@pytest.fixture
def behind_proxy(
    demo_database: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[int]:
    """`gyokaku serve` with the documented settings; the parameter is the proxy's address and
    the server (both get the same trust: web/proxy_trust.py)."""
    proxy, server = request.param
    var_dir = tmp_path / "var"
    var_dir.mkdir()
    shutil.copy(demo_database, var_dir / "gyokaku.sqlite3")
    env = gyokaku_env(var_dir, **documented_production_env())
    env["GYOKAKU_TLS_PROXY"] = proxy
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gyokaku",
                "serve",
                "--port",
                str(port),
                "--no-worker",
                "--server",
                server,
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                pytest.fail(f"gyokaku serve exited:\n{log.read_text()}")
            try:
                _get(port, "/", {})
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"gyokaku serve did not answer:\n{log.read_text()}")
                time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.mark.parametrize(
    "behind_proxy", [("127.0.0.1", "gunicorn"), ("127.0.0.1", "waitress")], indirect=True
)
def test_it_serves_https_through_the_proxy_and_redirects_plain_http(behind_proxy: int) -> None:
    plain = _get(behind_proxy, "/plans/", {})
    assert plain.status == 301
    assert plain.headers["Location"] == "https://gyokaku.city.example.jp/plans/"
    secure = _get(behind_proxy, "/", {"X-Forwarded-Proto": "https"})
    assert secure.status == 200
    hsts = secure.headers["Strict-Transport-Security"]
    assert re.fullmatch(r"max-age=31536000; includeSubDomains; preload", hsts), hsts


@pytest.mark.parametrize(
    "behind_proxy", [("192.0.2.1", "gunicorn"), ("192.0.2.1", "waitress")], indirect=True
)
def test_nobody_but_the_proxy_may_claim_https(behind_proxy: int) -> None:
    # We connect from 127.0.0.1, which is not the proxy: the server drops the header.
    spoofed = _get(behind_proxy, "/", {"X-Forwarded-Proto": "https"})
    assert spoofed.status == 301
