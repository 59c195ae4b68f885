"""Concurrent writers against a real server: no lost update, no 5xx, no "database is locked".

WRITERS threads (50 by default), each with its own API token (a coordinator of the plan, who
may write the report's text and move it through the workflow), share ITEMS reports (20) of a
generated plan's open round (its first year) for SECONDS (60) against `gyokaku serve` in its
own process.
Each turn a writer reads a report (GET, its ETag) and then, by the report's state, either
writes its text (PUT with If-Match, a value no other write uses), submits it (POST
transitions with If-Match) or returns it (差戻し, with a comment). A stale If-Match answers
412 and a move the state no longer allows 409: both are expected under contention and
counted, not failures.

Afterwards, for every item: the successful text writes got distinct versions, and the text
stored is the one of the successful write with the highest version (0 lost updates); every
successful write left its audit event; no answer was a 5xx and neither the answers nor the
server's log say "database is locked". The exit status is 1 if any check fails.

    .venv/bin/python bench/bench_writers.py                    # SQLite, 50 writers, 60 s
    .venv/bin/python bench/bench_writers.py --writers 10 --seconds 5
    scripts/with-postgres .venv/bin/python bench/bench_writers.py
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchlib import load_generated_plan, machine_line, setup_django

SLUG = "bench-writers"
LOCKED = "database is locked"
SERVE = [sys.executable, "-m", "gyokaku", "serve", "--no-worker"]


@dataclass
class Tally:
    """What the writers saw; each writer keeps its own and they are merged at the end."""

    statuses: Counter[str] = field(default_factory=Counter)  # "PUT 200", "POST 409" …
    locked: int = 0
    writes: list[tuple[str, int, str]] = field(default_factory=list)  # (key, version, text)
    moves: int = 0
    times: list[float] = field(default_factory=list)


def _prepare(writers: int, items: int, nodes: int = 0) -> tuple[list[str], list[str], int]:
    """A plan (of ``nodes`` nodes, at least 40) with the round of its first year open, a
    coordinator and a token per writer; the tokens, the item keys and the year."""
    setup_django()
    from django.db import connection

    from gyokaku.accounts.access import actor_for
    from gyokaku.accounts.services import token_create, user_add
    from gyokaku.tracking.models import ProgressReport
    from gyokaku.tracking.services import round_open

    plan = load_generated_plan(max(nodes, items * 2, 40), slug=SLUG)
    tokens = []
    for n in range(writers):
        user = user_add(
            username=f"writer{n:02d}",
            role="coordinator",
            municipality=plan.municipality,
            actor_label="bench",
        )
        tokens.append(token_create(user=user, name="bench", actor_label="bench")[1])
    round_open(plan=plan, fiscal_year=plan.start_fy, actor=actor_for(user))
    keys = list(
        ProgressReport.objects.filter(round__plan=plan, fiscal_year=plan.start_fy)
        .order_by("node__position")
        .values_list("node__key", flat=True)[:items]
    )
    connection.close()  # the server has the database from here on
    return tokens, keys, plan.start_fy


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(log: Path, threads: int | None) -> tuple[subprocess.Popen[bytes], int]:
    """`gyokaku serve` (its default server, processes and threads unless ``threads`` is given)."""
    port = _free_port()
    env = dict(os.environ)
    env.setdefault("GYOKAKU_SECRET_KEY", "bench-writers-" + "k7Qz" * 15)
    with log.open("wb") as out:
        server = subprocess.Popen(
            [*SERVE, "--port", str(port), *(["--threads", str(threads)] if threads else [])],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gyokaku serve exited:\n{log.read_text()}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/plans", timeout=2).close()
            return server, port
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    server.kill()
    raise SystemExit(f"gyokaku serve did not answer:\n{log.read_text()}")


class Writer(threading.Thread):
    def __init__(
        self, n: int, port: int, token: str, keys: list[str], fy: int, until: float
    ) -> None:
        super().__init__(name=f"writer{n}", daemon=True)
        self.n, self.port, self.keys, self.fy, self.until = n, port, keys, fy, until
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        self.tally = Tally()
        self.random = random.Random(n)
        self.connection: http.client.HTTPConnection | None = None

    def call(self, method: str, path: str, body: Any = None, etag: str = "") -> tuple[int, Any]:
        headers = dict(self.headers, **({"If-Match": etag} if etag else {}))
        data = json.dumps(body).encode() if body is not None else None
        for attempt in (1, 2):  # a kept-alive connection the server closed: open a new one
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            started = time.perf_counter()
            try:
                self.connection.request(method, f"/api/v1/plans/{SLUG}{path}", data, headers)
                response = self.connection.getresponse()
                raw = response.read()
            except (http.client.HTTPException, ConnectionError) as exc:
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    self.tally.statuses[f"{method} {type(exc).__name__}"] += 1
                    return 0, None
                continue
            self.tally.times.append(time.perf_counter() - started)
            self.tally.statuses[f"{method} {response.status}"] += 1
            if LOCKED in raw.decode(errors="replace"):
                self.tally.locked += 1
            try:
                return response.status, json.loads(raw) if raw else None
            except ValueError:
                return response.status, None
        return 0, None

    def run(self) -> None:
        turn = 0
        while time.monotonic() < self.until:
            turn += 1
            key = self.random.choice(self.keys)
            path = f"/nodes/{key}/progress/{self.fy}"
            status, report = self.call("GET", path)
            if status != 200:
                continue
            etag = f'"{report["version"]}"'
            if report["state"] in ("draft", "returned") and self.random.random() < 0.8:
                text = f"writer{self.n:02d} turn {turn}"
                status, written = self.call("PUT", path, {"result_text": text}, etag)
                if status == 200:
                    self.tally.writes.append((key, int(written["version"]), text))
            elif report["state"] in ("draft", "returned"):
                status, _ = self.call("POST", path + "/transitions", {"action": "submit"}, etag)
                self.tally.moves += status == 201
            elif report["state"] == "submitted":
                body = {"action": "return", "comment": "負荷試験の差戻し"}
                status, _ = self.call("POST", path + "/transitions", body, etag)
                self.tally.moves += status == 201


def _answered_below_500(status: str) -> bool:
    """``"PUT 412"`` yes; ``"PUT 503"`` or ``"PUT RemoteDisconnected"`` (no answer) no."""
    code = status.split()[1]
    return code.isdigit() and int(code) < 500


def _check(tally: Tally, keys: list[str], fy: int, since: int) -> list[str]:
    """What went wrong, read from the database after the run."""
    from gyokaku.audit.models import AuditEvent
    from gyokaku.tracking.models import ProgressReport

    problems = []
    by_item: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for key, version, text in tally.writes:
        by_item[key].append((version, text))
    stored = dict(
        ProgressReport.objects.filter(round__plan__slug=SLUG, fiscal_year=fy).values_list(
            "node__key", "result_text"
        )
    )
    lost = 0
    for key in keys:
        writes = sorted(by_item.get(key, []))
        versions = [v for v, _ in writes]
        if len(set(versions)) != len(versions):
            lost += len(versions) - len(set(versions))
            problems.append(f"{key}: two successful writes got the same version")
        if writes and stored[key] != writes[-1][1]:
            lost += 1
            problems.append(f"{key}: stored {stored[key]!r}, last write was {writes[-1][1]!r}")
    audited = AuditEvent.objects.filter(pk__gt=since, action="progress.update").count()
    if audited != len(tally.writes):
        problems.append(f"{len(tally.writes)} text writes succeeded, {audited} audit events")
    server_errors = sum(n for k, n in tally.statuses.items() if not _answered_below_500(k))
    if server_errors:
        problems.append(f"{server_errors} answers were 5xx or no answer")
    if tally.locked:
        problems.append(f'{tally.locked} answers said "{LOCKED}"')
    print(f"lost updates: {lost}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--writers", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--threads", type=int, help="the server's threads (default: serve's)")
    args = parser.parse_args()
    os.environ.setdefault("GYOKAKU_VAR_DIR", tempfile.mkdtemp(prefix="gyokaku-bench-"))
    tokens, keys, fy = _prepare(args.writers, args.items)
    from django.db import connection

    from gyokaku.audit.models import AuditEvent

    print(machine_line())
    since = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    connection.close()
    log = Path(os.environ["GYOKAKU_VAR_DIR"]) / "bench-writers-server.log"
    server, port = _serve(log, args.threads)
    try:
        until = time.monotonic() + args.seconds
        writers = [Writer(n, port, tokens[n], keys, fy, until) for n in range(args.writers)]
        started = time.monotonic()
        for writer in writers:
            writer.start()
        for writer in writers:
            writer.join()
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    tally = Tally()
    for writer in writers:
        tally.statuses.update(writer.tally.statuses)
        tally.locked += writer.tally.locked
        tally.writes += writer.tally.writes
        tally.moves += writer.tally.moves
        tally.times += writer.tally.times
    tally.locked += log.read_text(errors="replace").count(LOCKED)
    requests = sum(tally.statuses.values())
    times = sorted(tally.times) or [0.0]
    print(
        f"{args.writers} writers, {len(keys)} items, {elapsed:.0f} s, server threads "
        f"{args.threads or 'default'}: {requests:,} requests ({requests / elapsed:,.0f}/s), "
        f"{len(tally.writes):,} text writes and {tally.moves:,} moves succeeded "
        f"({len(tally.writes) / elapsed:,.1f} writes/s); "
        f"median {times[len(times) // 2] * 1000:.0f} ms, "
        f"p99 {times[int(len(times) * 0.99)] * 1000:.0f} ms"
    )
    print("answers: " + ", ".join(f"{k} ×{n:,}" for k, n in sorted(tally.statuses.items())))
    problems = _check(tally, keys, fy, since)
    five = sum(n for k, n in tally.statuses.items() if not _answered_below_500(k))
    print(f'5xx or no answer: {five}, "{LOCKED}": {tally.locked}')
    for problem in problems:
        print(f"FAILED: {problem}")
    sys.stdout.flush()
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
