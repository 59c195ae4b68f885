"""Our commands as a person runs them: exit codes, stdout and stderr of `python -m gyokaku`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


class Cli:
    def __init__(self, var_dir: Path) -> None:
        self.env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        self.env["GYOKAKU_VAR_DIR"] = str(var_dir)

    def __call__(self, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "gyokaku", *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=self.env,
            timeout=300,
        )


@pytest.fixture(scope="module")
def cli(tmp_path_factory: pytest.TempPathFactory) -> Cli:
    """A database prepared as `gyokaku run` prepares it (the Aomori plan and the demo)."""
    run = Cli(tmp_path_factory.mktemp("cli") / "var")
    done = run("run", "--no-serve")
    assert done.returncode == 0, done.stderr
    return run


def test_token_create_prints_one_line_that_authenticates(cli: Cli) -> None:
    done = cli("token", "create", "demo-viewer", "--name", "script")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    lines = done.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith("gyk_")
    check = cli(
        "shell",
        "-c",
        "from gyokaku.accounts.services import token_authenticate as t;"
        f"print(t(raw='{lines[0]}').username)",
    )
    assert check.stdout.strip().endswith("demo-viewer"), check.stderr


def test_user_add_reads_the_password_from_stdin(cli: Cli) -> None:
    done = cli(
        "user",
        "add",
        "judy",
        "--role",
        "editor",
        "--department",
        "zaisei",
        "--password-stdin",
        stdin="pass word 1\nignored\n",
    )
    assert done.returncode == 0, done.stderr
    check = cli(
        "shell",
        "-c",
        "from django.contrib.auth.models import User;"
        "print(User.objects.get(username='judy').check_password('pass word 1'))",
    )
    assert check.stdout.strip().endswith("True"), check.stderr


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["user", "add", "kim", "--role", "boss"], "--role"),
        (["user", "add", "kim", "--role", "editor", "--department", "nope"], "nope"),
        (["token", "create", "nobody"], "nobody"),
        (["token", "revoke", "gyk_nothing"], "PREFIX_OR_ID"),
        (["department", "add", "財政", "財政課"], "CODE"),
        (["department", "assign", "aomori-2024-2028", "9-9", "zaisei"], "KEY"),
        (["round", "open", "aomori-2024-2028", "2030"], "FY"),
        (["round", "open", "nope", "2025"], "SLUG"),
        (["round", "reopen", "aomori-2024-2028", "2024"], "--reason"),
    ],
)
def test_bad_input_exits_non_zero_with_a_message(cli: Cli, args: list[str], names: str) -> None:
    done = cli(*args)
    assert done.returncode != 0
    assert names in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""
