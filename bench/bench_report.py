"""Time and peak memory of the annual progress report (進捗状況報告書) in each format.

Two plans: Aomori (85 nodes, 49 items) with the demo data, FY2024 (every report published);
and a generated plan of about 1,000 items (``generate_plan`` sized so that 1,000 of its nodes
are leaves) with two years of ``fill_sample_measures``, its second year's reports all
approved or published, so that every item is printed in full, as in a final report.

Each (plan, format) runs in a child process forked after the set-up, so that its peak memory
is its own: the figures are the child's resident set before the report (the set-up's memory
it shares), its peak (VmHWM) and the difference. The PDF is typeset by processes the child
spawns (GYOKAKU_REPORT_PDF_PROCESSES): "parts" is the largest peak among them, "together" the
highest sum of the resident sets of the child and all its processes, sampled every 0.1 s (what
the machine must have free); and the CPU seconds of the child and of the parts' processes,
which a busy machine inflates less than the wall clock. Time is wall-clock for
``report_generate`` (content, charts, rendering, the audit event; not kept), and the queries
it made.

    .venv/bin/python bench/bench_report.py
    .venv/bin/python bench/bench_report.py --only aomori --formats pdf
"""

from __future__ import annotations

import argparse
import io
import multiprocessing
import os
import resource
import sys
import threading
import time
from typing import Any

from benchlib import load_generated_plan, machine_line, setup_django

ITEMS = 1_000


def _status(field: str) -> int:
    """A field of /proc/self/status in KiB (VmRSS, VmHWM)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
    except (OSError, ValueError, IndexError):
        return 0  # gone meanwhile


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                    ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


class _Together(threading.Thread):
    """The highest sum of the resident sets of this process and its descendants."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = 0
        self.stopped = threading.Event()

    def run(self) -> None:
        me = os.getpid()
        while not self.stopped.wait(0.1):
            total = sum(_rss_kib(pid) for pid in [me, *_descendants(me)])
            self.peak = max(self.peak, total)


def _reset_peak() -> None:
    """Make VmHWM start from now (Linux ≥ 4.0): the child's peak, not the parent's."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
            refs.write("5")
    except OSError:
        pass


def _one(slug: str, fy: int, fmt: str, out: Any) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection

    from gyokaku.accounts.access import actor_for
    from gyokaku.plans.models import Plan
    from gyokaku.reports.services import report_generate

    plan = Plan.objects.select_related("municipality").get(slug=slug)
    actor = actor_for(get_user_model().objects.get(username="demo-coordinator"))
    queries: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        queries.append(sql)
        return execute(sql, params, many, context)

    _reset_peak()
    base = _status("VmRSS")
    together = _Together()
    together.start()
    cpu = _cpu()
    with connection.execute_wrapper(count):
        started = time.perf_counter()
        generated = report_generate(
            plan=plan, fiscal_year=fy, fmt=fmt, edition="internal", actor=actor
        )
        seconds = time.perf_counter() - started
    together.stopped.set()
    together.join()
    cpu = tuple(after - before for after, before in zip(_cpu(), cpu, strict=True))
    parts = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB, of those waited for
    peak = _status("VmHWM")
    out.send(
        (
            seconds,
            _size(generated.content, fmt),
            len(queries),
            base,
            peak,
            parts,
            max(together.peak, peak),
            cpu,
        )
    )


def _cpu() -> tuple[float, float]:
    """CPU seconds (user + system) of this process and of its children waited for."""
    own, children = (
        resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def _size(content: bytes, fmt: str) -> str:
    size = f"{len(content) / 1024 / 1024:5.1f} MiB"
    if fmt != "pdf":
        return size
    try:
        from pypdf import PdfReader  # a test dependency: the page count is a nicety
    except ImportError:
        return size
    return f"{size}, {len(PdfReader(io.BytesIO(content)).pages):,} pages"


def measure(slug: str, fy: int, fmt: str) -> tuple[Any, ...]:
    from django.db import connections

    connections.close_all()  # the child opens its own
    parent, child = multiprocessing.Pipe()
    process = multiprocessing.get_context("fork").Process(target=_one, args=(slug, fy, fmt, child))
    process.start()
    result = parent.recv()
    process.join()
    return result  # type: ignore[no-any-return]


def _generated_plan() -> Any:
    """A generated plan with about ITEMS leaves, two years of data, year two all approved."""
    from gyokaku.measures.sample import fill_sample_measures
    from gyokaku.plans.outline.sample import generate_plan
    from gyokaku.tracking.models import ProgressReport, State
    from gyokaku.tracking.selectors import tracked_nodes

    size = ITEMS * 2
    while sum(1 for _ in _leaves(generate_plan(size, seed=1)["nodes"])) < ITEMS:
        size += 20
    plan = load_generated_plan(size, slug="bench-items")
    fill_sample_measures(plan=plan, years=2, seed=1)
    fy = plan.start_fy + 1
    reports = ProgressReport.objects.filter(node__plan=plan, fiscal_year=fy)
    reports.exclude(state=State.PUBLISHED).update(state=State.APPROVED)
    print(f"data: bench-items: {plan.nodes.count():,} nodes, {tracked_nodes(plan).count():,} items")
    return plan


def _leaves(nodes: list[dict[str, Any]]) -> Any:
    for node in nodes:
        if node["children"]:
            yield from _leaves(node["children"])
        else:
            yield node


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", choices=["aomori", "generated"])
    parser.add_argument("--formats", default="xlsx,html,pdf")
    args = parser.parse_args()
    setup_django()
    from gyokaku.demo.loader import demo_load
    from gyokaku.demo.seed import AOMORI_SLUG

    demo_load()
    cases = []
    if args.only != "generated":
        cases.append(("Aomori, 49 items", AOMORI_SLUG, 2024))
    if args.only != "aomori":
        plan = _generated_plan()
        cases.append((f"generated, {ITEMS:,} items", "bench-items", plan.start_fy + 1))
    print(machine_line())
    for label, slug, fy in cases:
        for fmt in args.formats.split(","):
            seconds, size, queries, base, peak, parts, together, cpu = measure(slug, fy, fmt)
            spawned = (
                f", parts {parts / 1024:.0f} MiB, together {together / 1024:.0f} MiB;"
                f" CPU {cpu[0]:.1f} s + parts {cpu[1]:.1f} s"
            )
            print(
                f"{label:>22}  {fmt:<5} {seconds:7.1f} s  {size}"
                f"  {queries} queries  RSS before {base / 1024:5.0f} MiB, peak {peak / 1024:5.0f}"
                f" MiB (+{(peak - base) / 1024:.0f} MiB){spawned if parts else ''}"
            )
            sys.stdout.flush()


if __name__ == "__main__":
    main()
