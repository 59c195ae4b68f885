"""No server without DEBUG signs sessions with a key anyone can guess (issue 18 #10)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from tests.ops.conftest import SECRET_KEY, gyokaku, gyokaku_env

from gyokaku.settings import DEFAULT_SECRET_KEY
from gyokaku.startup import secret_key_problem

LOAD_WSGI = "import gyokaku.wsgi; print('loaded')"


@pytest.mark.parametrize(
    ("key", "says"),
    [
        (DEFAULT_SECRET_KEY, "開発用の鍵"),
        ("short", "短すぎます（5 文字）"),
        ("k" * 49, "短すぎます（49 文字）"),
        ("abab" * 20, "単純すぎます"),
    ],
)
def test_it_refuses_a_guessable_key_without_debug(key: str, says: str) -> None:
    problem = secret_key_problem(key, debug=False)
    assert problem is not None and says in problem
    assert "secrets.token_urlsafe" in problem  # how to make a good one


def test_it_takes_fifty_random_characters_or_debug() -> None:
    assert secret_key_problem(SECRET_KEY, debug=False) is None
    assert secret_key_problem("0123456789" * 5, debug=False) is None
    assert secret_key_problem("short", debug=True) is None
    assert secret_key_problem(DEFAULT_SECRET_KEY, debug=True) is None


def test_serve_refuses_a_short_key(tmp_path: Path) -> None:
    env = gyokaku_env(tmp_path / "var", GYOKAKU_SECRET_KEY="short")
    done = gyokaku("serve", "--no-worker", env=env)
    assert done.returncode != 0
    assert "GYOKAKU_SECRET_KEY" in done.stderr and "短すぎます" in done.stderr
    assert "Traceback" not in done.stderr


def test_run_without_debug_refuses_a_short_key(tmp_path: Path) -> None:
    env = gyokaku_env(tmp_path / "var", GYOKAKU_SECRET_KEY="short", GYOKAKU_DEBUG="0")
    done = gyokaku("run", env=env)
    assert done.returncode != 0 and "短すぎます" in done.stderr


@pytest.mark.parametrize(
    ("key", "debug", "loads"),
    [
        ("short", "0", False),
        ("", "0", False),  # unset: the development key
        ("short", "1", True),
        (SECRET_KEY, "0", True),
    ],
)
def test_the_wsgi_application_refuses_to_load_with_a_guessable_key(
    key: str, debug: str, loads: bool, tmp_path: Path
) -> None:
    env = gyokaku_env(tmp_path / "var", GYOKAKU_SECRET_KEY=key, GYOKAKU_DEBUG=debug)
    done = subprocess.run(
        [sys.executable, "-c", LOAD_WSGI], capture_output=True, text=True, env=env, timeout=120
    )
    if loads:
        assert done.returncode == 0 and "loaded" in done.stdout, done.stderr
    else:
        assert done.returncode != 0
        assert "ImproperlyConfigured: GYOKAKU_SECRET_KEY" in done.stderr
