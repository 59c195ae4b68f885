"""The text of each mail, in Japanese, as a city's staff write to each other: what happened,
which items (printed numbering and title), by when (和暦), and the page to open."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from gyokaku.lib.wareki import wareki_date, wareki_fy
from gyokaku.notices.models import Kind
from gyokaku.notices.selectors import Event, Item
from gyokaku.tracking.models import State


def _url(name: str, *args: Any) -> str:
    return f"{settings.GYOKAKU_SITE_URL}{reverse(name, args=args)}"


def _items(items: list[Item]) -> str:
    return "\n".join(f"・{i.code} {i.title}（{State(i.state).label}）" for i in items)


def _to_my_page() -> str:
    return f"\n\n入力はマイページから: {_url('tracking:my')}"


def _deadline(round_: Any) -> str:
    return wareki_date(round_.deadline) if round_.deadline else "締切なし"


def compose(event: Event, user: Any) -> tuple[str, str]:
    """(subject, body) of ``event``'s mail to ``user``."""
    plan = event.plan
    c = event.context
    name = user.first_name or user.get_username()
    head = f"{name} 様\n\n"
    foot = (
        f"\n\n― gyokaku 行革（{plan.title}）\n"
        f"このメールは送信専用です。受け取りの設定: {_url('notices:settings')}\n"
    )
    if event.kind == Kind.ROUND_OPENED:
        fy = wareki_fy(c["round"].fiscal_year)
        subject = f"【{plan.title}】{fy}の進捗調査が始まりました（締切 {_deadline(c['round'])}）"
        body = (
            f"{fy}の進捗調査が始まりました。締切は {_deadline(c['round'])} です。\n"
            f"担当の取組（{len(c['items'])} 件）:\n{_items(c['items'])}" + _to_my_page()
        )
    elif event.kind == Kind.DEADLINE:
        days = c["days_left"]
        when = "本日が締切です" if days == 0 else f"締切まであと {days} 日です"
        subject = f"【{plan.title}】進捗調査の締切が近づいています（{_deadline(c['round'])}）"
        body = (
            f"{when}（締切 {_deadline(c['round'])}）。まだ提出されていない取組が "
            f"{len(c['items'])} 件あります:\n{_items(c['items'])}" + _to_my_page()
        )
    elif event.kind == Kind.RETURNED:
        node, report, move = c["node"], c["report"], c["move"]
        comment = move.comment or "（コメントなし）"
        page = _url("measures:report", plan.slug, node.key, report.fiscal_year)
        subject = f"【{plan.title}】{node.code} {node.title} が差し戻されました"
        body = (
            f"{wareki_fy(report.fiscal_year)}の取組状況「{node.code} {node.title}」が"
            f"差し戻されました。\nコメント: {comment}\n\n修正して再提出してください: {page}"
        )
    elif event.kind == Kind.DIGEST:
        fy = wareki_fy(c["round"].fiscal_year)
        subject = f"【{plan.title}】承認待ちの取組状況が {c['waiting']} 件あります（{fy}）"
        if c.get("chain"):  # an approval chain: what waits at the reader's own step
            body = (
                f"{fy}の進捗調査で、あなたの確認を待っている取組状況が"
                f" {c['waiting']} 件あります。\n"
                f"承認待ちの一覧: {_url('tracking:chain', plan.slug)}"
            )
        else:
            body = (
                f"{fy}の進捗調査で、提出済（承認待ち）の取組状況が {c['waiting']} 件あります。\n"
                f"確認待ちの一覧: {_url('tracking:review', plan.slug)}"
            )
    else:  # Kind.REMIND
        fy = wareki_fy(c["round"].fiscal_year)
        subject = f"【{plan.title}】{fy}の進捗調査のご提出のお願い（締切 {_deadline(c['round'])}）"
        body = (
            f"{c['office']}から、{fy}の進捗調査のご提出をお願いします"
            f"（締切 {_deadline(c['round'])}）。まだ提出されていない取組:\n{_items(c['items'])}"
            + _to_my_page()
        )
    return subject[:200], head + body + foot
