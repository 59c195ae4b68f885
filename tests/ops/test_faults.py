"""Kill the server and the worker (SIGKILL: nothing of them runs after) in the middle of their
writes, round after round, on one SQLite database, and check after every kill (issue 17 #3):

- ``PRAGMA integrity_check`` answers ok;
- a write the server acknowledged (200) is there, and every change of a report has its audit
  event (history rows of the report and its ``progress.*`` events grow together);
- an Excel/CSV upload's application (取込の反映) is all there with its audit event, or none of
  it; the annual report (a PDF job) is there with its row, file and event, or none of them;
- the killed job is marked failed by the next worker (jobs/recovery.py) and runs again.

Real processes (`gyokaku serve --no-worker`, `gyokaku worker`) on a copy of the demo database;
the data side runs in tests/ops/fault_driver.py. GYOKAKU_FAULT_ROUNDS sets the rounds of each
of the three (10 each by default: 30 kills). Marked ``faults`` (-m "not faults" skips them).
"""

from __future__ import annotations

import http.client
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.ops.conftest import gyokaku, gyokaku_env, served
from tests.support.processes import wait_for

pytestmark = pytest.mark.faults

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = int(os.environ.get("GYOKAKU_FAULT_ROUNDS", "10"))
API = "/api/v1/plans/aomori-2024-2028"
OPEN_YEAR = 2025


@pytest.fixture
def scratch(demo_database: Path, tmp_path: Path) -> Iterator[tuple[Path, dict[str, str]]]:
    var_dir = tmp_path / "var"
    var_dir.mkdir()
    shutil.copy(demo_database, var_dir / "gyokaku.sqlite3")
    yield var_dir / "gyokaku.sqlite3", gyokaku_env(var_dir)


def _integrity(database: Path) -> str:
    with sqlite3.connect(database) as db:
        return str(db.execute("PRAGMA integrity_check").fetchone()[0])


def _query(database: Path, sql: str, *args: Any) -> list[Any]:
    with sqlite3.connect(database) as db:
        return db.execute(sql, args).fetchall()


def _unaudited_changes(database: Path) -> dict[str, int]:
    """Per report of the open year: its changes on record (history rows after the first) less
    its audit events (``progress.*``). A change without its event makes the number grow."""
    rows = _query(
        database,
        """SELECT n.key,
                  (SELECT count(*) FROM tracking_historicalprogressreport h
                    WHERE h.id = r.id AND h.history_type = '~'),
                  (SELECT count(*) FROM audit_auditevent e
                    WHERE e.target = n.key || '/' || r.fiscal_year AND e.action LIKE 'progress.%')
           FROM tracking_progressreport r JOIN plans_node n ON n.id = r.node_id
           WHERE r.fiscal_year = ?""",
        OPEN_YEAR,
    )
    return {key: changes - events for key, changes, events in rows}


def _editable(database: Path) -> list[str]:
    rows = _query(
        database,
        """SELECT n.key FROM tracking_progressreport r JOIN plans_node n ON n.id = r.node_id
           WHERE r.fiscal_year = ? AND r.state IN ('draft', 'returned') ORDER BY n.key""",
        OPEN_YEAR,
    )
    return [key for (key,) in rows]


class Putter(threading.Thread):
    """Reads a report and writes its text (If-Match) until the server stops answering; keeps
    what the server acknowledged."""

    def __init__(self, n: int, base: str, token: str, keys: list[str]) -> None:
        super().__init__(daemon=True)
        self.n, self.base, self.keys = n, base, keys
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        self.acknowledged: list[tuple[str, int, str]] = []
        self.server_errors: list[str] = []

    def _call(self, method: str, path: str, body: Any = None, etag: str = "") -> Any:
        headers = dict(self.headers, **({"If-Match": etag} if etag else {}))
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data, headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as exc:
            if exc.code >= 500:
                self.server_errors.append(f"{method} {path}: {exc.code}")
            return None

    def run(self) -> None:
        rng, turn = random.Random(self.n), 0
        try:
            while True:
                turn += 1
                key = rng.choice(self.keys)
                path = f"{API}/nodes/{key}/progress/{OPEN_YEAR}"
                report = self._call("GET", path)
                if report is None:
                    continue
                text = f"putter {self.n} turn {turn}"
                written = self._call("PUT", path, {"result_text": text}, f'"{report["version"]}"')
                if written is not None:
                    self.acknowledged.append((key, int(written["version"]), text))
        except (urllib.error.URLError, http.client.HTTPException, OSError):
            return  # the server is gone


def test_killing_the_server_during_report_writes_loses_nothing_acknowledged(
    scratch: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    database, env = scratch
    made = gyokaku("token", "create", "demo-coordinator", "--name", "faults", env=env)
    assert made.returncode == 0, made.stderr
    token, keys = made.stdout.strip(), _editable(database)
    assert len(keys) >= 5
    baseline = _unaudited_changes(database)
    rng, written = random.Random(17), 0
    for round_no in range(ROUNDS):
        with served(env, tmp_path / f"server-{round_no}.log") as (base, server):
            putters = [Putter(n, base, token, keys) for n in range(4)]
            for putter in putters:
                putter.start()
            time.sleep(rng.uniform(0.2, 0.8))
            server.send_signal(signal.SIGKILL)
            server.wait()
            for putter in putters:
                putter.join(timeout=30)
        assert _integrity(database) == "ok", f"round {round_no}"
        stored = {
            key: (version, text)
            for key, version, text in _query(
                database,
                """SELECT n.key, r.version, r.result_text FROM tracking_progressreport r
                   JOIN plans_node n ON n.id = r.node_id WHERE r.fiscal_year = ?""",
                OPEN_YEAR,
            )
        }
        for putter in putters:
            assert putter.server_errors == []
            for key, version, text in putter.acknowledged:
                assert stored[key][0] >= version, f"round {round_no}: {key} v{version} lost"
                if stored[key][0] == version:
                    assert stored[key][1] == text, f"round {round_no}: {key} v{version} lost"
            written += len(putter.acknowledged)
        assert _unaudited_changes(database) == baseline, f"round {round_no}: a change unaudited"
    assert written > 0, "no write got through: the rounds tested nothing"


def _job_state(database: Path, job_id: str) -> str:
    rows = _query(database, "SELECT state FROM jobs_job WHERE id = ?", job_id.replace("-", ""))
    return str(rows[0][0]) if rows else ""


class Driver:
    """tests/ops/fault_driver.py, started once per test: ``step`` sends it a line, reads one."""

    def __init__(self, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.ops.fault_driver"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def step(self, kind: str, round_no: int) -> dict[str, Any]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(f"{kind} {round_no}\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        assert line, f"the fault driver stopped ({self.process.poll()})"
        return dict(json.loads(line))

    def stop(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=60)


@pytest.mark.parametrize("kind", ["apply", "report"])
def test_killing_the_worker_mid_job_leaves_all_or_nothing_and_a_job_to_run_again(
    kind: str, scratch: tuple[Path, dict[str, str]]
) -> None:
    database, env = scratch
    rng, killed, notes = random.Random(kind), 0, []
    driver = Driver(env)
    step = driver.step(kind, 0)
    for round_no in range(1, ROUNDS + 1):
        worker = subprocess.Popen(
            [sys.executable, "-m", "gyokaku", "worker", "--interval", "0.05"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            job = step["job"]
            assert wait_for(lambda: _job_state(database, job) != "queued", 60)  # noqa: B023
            # Until a round has caught the job mid-way, kill as soon as it runs: on a busy
            # machine a random wait let every job finish first (the test then tested nothing).
            time.sleep(rng.uniform(0, 0.5) if killed else 0)
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.wait()
        assert _integrity(database) == "ok", f"round {round_no}"
        step = driver.step(kind, round_no)
        assert step["problems"] == [], f"round {round_no}: {step['problems']}"
        killed += step["killed"]
        notes += step["notes"]
    assert killed > 0, "the worker never died mid-job: the rounds tested nothing"
    # The last job (a re-run of a killed one, or a fresh one) runs to its end.
    finished = gyokaku("worker", "--batch", env=env)
    assert finished.returncode == 0, finished.stderr
    assert _job_state(database, step["job"]) == "done"
    last = driver.step(kind, ROUNDS + 1)
    driver.stop()
    assert (last["killed"], last["problems"]) == (False, [])
    assert _integrity(database) == "ok"
    print(f"{kind}: {killed} of {ROUNDS} kills landed mid-job; notes: {notes}")
