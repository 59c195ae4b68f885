from __future__ import annotations

from gyokaku.lib.progress_sink import TextProgress


def test_it_prints_each_step_and_each_quarter() -> None:
    lines: list[str] = []
    progress = TextProgress(lines.append)
    progress.step("読んでいます", total=1000)
    for done in range(1, 1001):
        progress.advance(done)
    progress.step("比べています")  # size unknown: the step alone
    progress.advance(5)
    assert lines == [
        "読んでいます…",
        "  読んでいます: 250 / 1,000",
        "  読んでいます: 500 / 1,000",
        "  読んでいます: 750 / 1,000",
        "  読んでいます: 1,000 / 1,000",
        "比べています…",
    ]


def test_it_can_be_quiet() -> None:
    lines: list[str] = []
    progress = TextProgress(lines.append, quiet=True)
    progress.step("読んでいます", total=4)
    progress.advance(4)
    assert lines == []
