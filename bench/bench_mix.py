"""Public reads and staff writes in one run: `gyokaku serve` under a press-day mix (issue 16 #4).

A generated plan (85 nodes, then 5,000: ``--nodes``) with its first year's round open is served
by `gyokaku serve` (no worker) on a throwaway SQLite database. For each number of concurrent
readers (10, 50, 200: ``--clients``) and each public read — the plan page, the plan API, the
progress API, an open data CSV — wrk drives the read while staff writers (one per ten readers,
at least one; each a coordinator with an API token) run beside it on the same server: they read
a report (GET, its ETag) and write its text (PUT with If-Match) or move it (submit, return). So
every read runs while the data changes, and the kept public answers (docs/performance.md) are
made again after each write. Printed per window: the read's req/s, p50/p99 and errors (wrk), and
the writes' count, p50/p99 and answers by status (412 and 409 are expected contention, a 5xx or
no answer is an error). With ``--publish-every S`` (default 2; 0 for none) a publisher beside
them takes one of ten other items every S seconds through submit, approve and publish (reopening
it first when it is already published), so the public data really changes during the window —
each publication (and reopening) moves the data stamp and the kept answers are made again, as on
the day results are published.

Needs wrk (`apt-get install wrk`).

    .venv/bin/python bench/bench_mix.py [--nodes 85,5000] [--clients 10,50,200] [--seconds 10]
        [--publish-every 2]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench_load import Figures, wrk
from bench_writers import SLUG, Writer, _answered_below_500, _prepare, _serve
from benchlib import machine_line

READS = (
    ("plan page", f"/plans/{SLUG}/"),
    ("plan API", f"/api/v1/plans/{SLUG}"),
    ("progress API", f"/api/v1/plans/{SLUG}/progress?page_size=100"),
    ("open data CSV", f"/opendata/{SLUG}/nodes.csv"),
)


def _percentile(times: list[float], q: float) -> float:
    ordered = sorted(times) or [0.0]
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] * 1000


class Publisher(Writer):
    """Every ``every`` seconds one of its items goes through submit, approve and publish (after
    a reopen when it is published already): two or more public changes per turn."""

    def __init__(
        self, port: int, token: str, keys: list[str], fy: int, until: float, every: float
    ) -> None:
        super().__init__(99, port, token, keys, fy, until)
        self.every = every
        self.published = 0

    def step(self, path: str, action: str) -> bool:
        status, report = self.call("GET", path)
        if status != 200:
            return False
        body: dict[str, str] = {"action": action}
        if action == "reopen":
            body["comment"] = "負荷試験の再公表"
        status, _ = self.call("POST", path + "/transitions", body, f'"{report["version"]}"')
        return status == 201

    def run(self) -> None:
        turn = 0
        while time.monotonic() + self.every < self.until:
            time.sleep(self.every)
            path = f"/nodes/{self.keys[turn % len(self.keys)]}/progress/{self.fy}"
            turn += 1
            status, report = self.call("GET", path)
            if status != 200:
                continue
            steps = {
                "published": ("reopen", "submit", "approve", "publish"),
                "approved": ("publish",),
                "submitted": ("approve", "publish"),
            }.get(report["state"], ("submit", "approve", "publish"))
            done = all(self.step(path, action) for action in steps)
            self.published += done


def window(
    port: int,
    path: str,
    clients: int,
    seconds: int,
    tokens: list[str],
    keys: list[str],
    fy: int,
    publish_every: float = 0,
) -> tuple[Figures, str]:
    """One read under wrk with writers (and the publisher) beside it; the read's figures and
    the writes' line. ``keys``' first ten items are the publisher's, the rest the writers'."""
    n_writers = max(1, clients // 10)
    until = time.monotonic() + seconds + 1
    writers: list[Writer] = [
        Writer(n, port, tokens[n], keys[10:], fy, until) for n in range(n_writers)
    ]
    publisher = None
    if publish_every:
        publisher = Publisher(port, tokens[-1], keys[:10], fy, until, publish_every)
        writers.append(publisher)
    for writer in writers:
        writer.start()
    figures = wrk(f"http://127.0.0.1:{port}{path}", clients, seconds)
    for writer in writers:
        writer.join()
    statuses: Counter[str] = Counter()
    times: list[float] = []
    writes = moves = 0
    for writer in writers:
        statuses.update(writer.tally.statuses)
        times += writer.tally.times
        writes += len(writer.tally.writes)
        moves += writer.tally.moves
    errors = sum(n for k, n in statuses.items() if not _answered_below_500(k))
    line = (
        f"{n_writers:>3} writers: {writes} writes + {moves} moves, staff p50 "
        f"{_percentile(times, 0.5):6.1f} ms p99 {_percentile(times, 0.99):7.1f} ms, "
        f"5xx/no answer {errors}; "
        + (f"{publisher.published} published; " if publisher else "")
        + ", ".join(f"{k} ×{n}" for k, n in sorted(statuses.items()) if k.split()[0] != "GET")
    )
    return figures, line


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", default="85,5000")
    parser.add_argument("--clients", default="10,50,200")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--threads", type=int, help="gyokaku serve --threads (default: serve's)")
    parser.add_argument("--publish-every", type=float, default=2.0)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("bench_mix needs wrk: apt-get install wrk")
    failed = 0
    for size in (int(n) for n in args.nodes.split(",")):
        # each size in its own process: a fresh database and Django set up for it
        env = {**os.environ, "GYOKAKU_VAR_DIR": tempfile.mkdtemp(prefix="gyokaku-mix-")}
        args_one = [sys.executable, __file__, "--one", str(size), "--clients", args.clients]
        args_one += ["--seconds", str(args.seconds), "--publish-every", str(args.publish_every)]
        args_one += ["--threads", str(args.threads)] if args.threads else []
        failed |= subprocess.run(args_one, env=env, check=False).returncode
    return failed


def one(
    size: int, clients: list[int], seconds: int, threads: int | None, publish_every: float
) -> int:
    # one token more than writers: the publisher's; 30 items, the first ten the publisher's
    tokens, keys, fy = _prepare((max(clients) // 10 or 1) + 1, 30, nodes=size)
    print(machine_line())
    served = f"--threads {threads}" if threads else "(default server and counts)"
    published = f"a publication every {publish_every:g} s" if publish_every else "no publication"
    print(
        f"plan of {size:,} nodes; gyokaku serve {served}; wrk {seconds} s per window; {published}"
    )
    log = Path(os.environ["GYOKAKU_VAR_DIR"]) / "bench-mix-server.log"
    server, port = _serve(log, threads)
    errors = 0
    try:
        for name, path in READS:
            for n in clients:
                figures, writes = window(port, path, n, seconds, tokens, keys, fy, publish_every)
                errors += figures.errors
                print(f"{name:<14} c={n:<4}{figures.line()}")
                print(f"{'':<21}{writes}")
                sys.stdout.flush()
    finally:
        server.terminate()
        server.wait(timeout=30)
    return 1 if errors else 0


if __name__ == "__main__":
    if "--one" in sys.argv:
        parser = argparse.ArgumentParser()
        parser.add_argument("--one", type=int)
        parser.add_argument("--clients", default="10,50,200")
        parser.add_argument("--seconds", type=int, default=10)
        parser.add_argument("--threads", type=int)
        parser.add_argument("--publish-every", type=float, default=2.0)
        a = parser.parse_args()
        clients = [int(c) for c in a.clients.split(",")]
        sys.exit(one(a.one, clients, a.seconds, a.threads, a.publish_every))
    sys.exit(main())
