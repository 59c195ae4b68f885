"""Public reads under load: `gyokaku serve` on the demo data, driven by wrk, beside Datasette.

Prepares a throwaway database (`gyokaku run --no-serve`: the Aomori plan and the demo data),
starts `gyokaku serve` on a free port (no worker) with each server of --servers in turn
(gunicorn: its default processes and threads; waitress: one process of 32 threads), and drives
each public read with wrk at 10, 50 and 200 concurrent connections: the plan page, the plan API
(the 85 nodes), the progress list and an open data CSV. wrk prints requests per second, latency
percentiles and errors (socket errors, timeouts, answers other than 2xx/3xx). Then the same 85
nodes are written to a SQLite file and served by Datasette
(`/bench/nodes.json?_shape=array&_size=max`), driven the same way in the same run: the
comparison of issue 16. The load average is printed before each server, so a busy machine
shows.

Needs wrk (`apt-get install wrk`) and, for the comparison, Datasette on PATH or in DATASETTE
(`python3 -m venv /tmp/ds && /tmp/ds/bin/pip install datasette`, then DATASETTE=/tmp/ds/bin/
datasette); without it the comparison is skipped with a note. Staff writes under load are
measured by bench/bench_writers.py.

    .venv/bin/python bench/bench_load.py [--seconds 10] [--clients 10,50,200]
        [--servers gunicorn,waitress] [--processes N] [--threads N]
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GYOKAKU = ROOT / ".venv" / "bin" / "gyokaku"
SLUG = "aomori-2024-2028"
READS = (
    ("plan page", f"/plans/{SLUG}/"),
    ("plan API", f"/api/v1/plans/{SLUG}"),
    ("progress API", f"/api/v1/plans/{SLUG}/progress?page_size=100"),
    ("open data CSV", f"/opendata/{SLUG}/progress.csv"),
)


GZIP = ("-H", "Accept-Encoding: gzip")


@dataclass
class Figures:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    requests: int

    def line(self) -> str:
        return (
            f"{self.rps:8.1f} req/s  p50 {self.p50_ms:7.1f} ms  p99 {self.p99_ms:7.1f} ms"
            f"  errors {self.errors} of {self.requests}"
        )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"no answer from {url} within {seconds:.0f} s")


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def wrk(url: str, clients: int, seconds: int) -> Figures:
    """One wrk run; its --latency output parsed."""
    out = subprocess.run(
        # as a browser asks: kept answers are then sent as kept, compressed once
        ["wrk", f"-t{min(2, clients)}", f"-c{clients}", f"-d{seconds}s", "--latency", *GZIP, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", out, re.M))

    def percentile(name: str) -> float:
        match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", latency.get(name, "0ms"))
        return _ms(*match.groups()) if match else float("nan")

    requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    errors = sum(
        int(n)
        for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out)
        + re.findall(r"Non-2xx or 3xx responses: (\d+)", out)
    )
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    return Figures(rps, percentile("50"), percentile("99"), errors, requests)


def prepare(var_dir: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "GYOKAKU_VAR_DIR": str(var_dir),
        "GYOKAKU_LOG_LEVEL": "ERROR",
        "GYOKAKU_SECRET_KEY": secrets.token_urlsafe(50),  # served as in production: no debug
    }
    env.pop("GYOKAKU_DEBUG", None)
    subprocess.run([str(GYOKAKU), "run", "--no-serve"], env=env, check=True, capture_output=True)
    return env


def serve(
    env: dict[str, str], port: int, server: str, processes: int | None, threads: int | None
) -> subprocess.Popen[bytes]:
    counts = []
    if processes is not None and server == "gunicorn":
        counts += ["--processes", str(processes)]
    if threads is not None:
        counts += ["--threads", str(threads)]
    return subprocess.Popen(
        [str(GYOKAKU), "serve", "--port", str(port), "--server", server, *counts, "--no-worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def nodes_db(var_dir: Path, target: Path) -> None:
    """The plan's 85 nodes as one SQLite table for Datasette (the same rows the plan API sends)."""
    source = sqlite3.connect(var_dir / "gyokaku.sqlite3")
    rows = source.execute(
        "SELECT n.key, n.code, n.depth, n.title, n.description FROM plans_node n"
        " JOIN plans_plan p ON p.id = n.plan_id WHERE p.slug = ? ORDER BY n.position",
        (SLUG,),
    ).fetchall()
    source.close()
    out = sqlite3.connect(target)
    out.execute("CREATE TABLE nodes (key TEXT PRIMARY KEY, code, depth, title, description)")
    out.executemany("INSERT INTO nodes VALUES (?, ?, ?, ?, ?)", rows)
    out.commit()
    out.close()


def stop(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(process.pid, signal.SIGKILL)


def load_average() -> str:
    return "load average " + " ".join(f"{n:.2f}" for n in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--servers", default="gunicorn,waitress", help="gyokaku serve --server")
    parser.add_argument("--processes", type=int, help="gyokaku serve --processes (gunicorn)")
    parser.add_argument("--threads", type=int, help="gyokaku serve --threads")
    parser.add_argument("--clients", default="10,50,200")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("bench_load needs wrk: apt-get install wrk")
    clients = [int(c) for c in args.clients.split(",")]
    print(f"machine: {os.cpu_count()} cores; wrk {args.seconds} s per run; {load_average()}")
    var_dir = Path(tempfile.mkdtemp(prefix="gyokaku-load-"))
    env = prepare(var_dir)
    for kind in args.servers.split(","):
        port = free_port()
        server = serve(env, port, kind, args.processes, args.threads)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_ready(base + READS[0][1])
            print(f"{kind}: {load_average()}")
            for name, path in READS:
                for n in clients:
                    figures = wrk(base + path, n, args.seconds)
                    print(f"{kind:<10} {name:<14} c={n:<4}{figures.line()}")
            sys.stdout.flush()
        finally:
            stop(server)
    datasette = os.environ.get("DATASETTE") or shutil.which("datasette")
    if not datasette:
        print("Datasette not found (set DATASETTE=…/datasette): comparison skipped")
        return
    db = var_dir / "bench.db"
    nodes_db(var_dir, db)
    port = free_port()
    process = subprocess.Popen(
        [datasette, "serve", str(db), "--port", str(port), "--setting", "num_sql_threads", "3"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/bench/nodes.json?_shape=array&_size=max"
    try:
        wait_ready(url)
        print(f"datasette: {load_average()}")
        for n in clients:
            print(f"datasette  {'85 nodes JSON':<14} c={n:<4}{wrk(url, n, args.seconds).line()}")
    finally:
        stop(process)


if __name__ == "__main__":
    main()
