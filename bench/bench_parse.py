"""Outline parsing speed: the seed and a generated 5,000-node plan (median of several runs).

.venv/bin/python bench/bench_parse.py [runs]
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from gyokaku.plans.outline import parse_outline, render_outline
from gyokaku.plans.outline.sample import generate_plan

SEED = Path(__file__).resolve().parents[1] / "src/gyokaku/plans/data/aomori-2024-2028-summary.txt"


def median_seconds(text: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        parse_outline(text)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    cases = [
        ("seed (85 nodes)", SEED.read_text(encoding="utf-8")),
        ("generated, 5,000 nodes", render_outline(generate_plan(5000, seed=1))),
        ("generated, 20,000 nodes", render_outline(generate_plan(20000, seed=1))),
    ]
    print(f"parse_outline, median of {runs} runs")
    for name, text in cases:
        seconds = median_seconds(text, runs)
        print(f"{name:<26} {len(text.splitlines()):>7} lines  {seconds * 1000:9.2f} ms")


if __name__ == "__main__":
    main()
