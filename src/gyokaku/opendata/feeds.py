"""The Atom feed of a plan's publications: one entry per publication of a report, the first
(公表) and each correction (訂正), with what was published then."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, linebreaks
from django.utils.text import Truncator

from gyokaku.lib.text import strip_controls_in
from gyokaku.lib.wareki import fy_label
from gyokaku.opendata.selectors import publish_events
from gyokaku.plans.models import Plan
from gyokaku.tracking.models import Publication
from gyokaku.tracking.publication_selectors import updated_label
from gyokaku.web.access import plan_or_404

SUMMARY_CHARS = 300


def _urn(*parts: object) -> str:
    """A stable id that does not depend on the address the site is served from (an export
    may move), as Atom asks of entry ids."""
    return uuid.uuid5(uuid.NAMESPACE_URL, "gyokaku:" + ":".join(map(str, parts))).urn


class CleanAtom1Feed(Atom1Feed):
    """Atom without the characters XML 1.0 cannot carry: Django's writer refuses them (a 500
    for the whole feed), and text stored before issue 18 may hold them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*strip_controls_in(args), **strip_controls_in(kwargs))

    def add_item(self, *args: Any, **kwargs: Any) -> None:
        super().add_item(*strip_controls_in(args), **strip_controls_in(kwargs))


class PublishedFeed(Feed[Publication, Plan]):
    feed_type = CleanAtom1Feed
    language = "ja"

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Plan:
        return plan_or_404(kwargs["slug"])

    def title(self, plan: Plan) -> str:
        return f"{plan.title} 公表のお知らせ"

    def subtitle(self, plan: Plan) -> str:
        return f"{plan.municipality.name}が公表した取組状況（新しい順）"

    def link(self, plan: Plan) -> str:
        return reverse("opendata:index", kwargs={"slug": plan.slug})

    def feed_url(self, plan: Plan) -> str:
        return reverse("opendata:feed", kwargs={"slug": plan.slug})

    def feed_guid(self, plan: Plan) -> str:
        return _urn(plan.municipality.code, plan.slug, "feed")

    def author_name(self, plan: Plan) -> str:
        return plan.municipality.name

    def feed_copyright(self, plan: Plan) -> str:
        return f"{plan.municipality.name}（CC BY 4.0）"

    def items(self, plan: Plan) -> list[Publication]:
        return publish_events(plan)

    def item_title(self, item: Publication) -> str:
        node, fy = item.report.node, item.report.fiscal_year
        if item.is_correction:
            return f"{node.code} {node.title}：{fy_label(fy)}の取組状況を訂正しました"
        return f"{node.code} {node.title}：{fy_label(fy)}の取組状況を公表しました"

    def item_description(self, item: Publication) -> str:
        # Atom's summary is HTML: the report's text is escaped, never taken as markup.
        parts = []
        if item.is_correction:
            changes = "、".join(item.changes or []) or "表記の修正"
            parts.append(f"{updated_label(item.published_at)} 訂正。訂正した箇所：{changes}")
            if item.reason:
                parts.append(f"訂正の理由：{item.reason}")
        text = Truncator(item.result_text).chars(SUMMARY_CHARS)  # as published then
        if text:
            parts.append(text)
        return "".join(linebreaks(escape(part)) for part in parts)

    def item_link(self, item: Publication) -> str:
        node = item.report.node
        return reverse("plans:node", kwargs={"slug": node.plan.slug, "key": node.key})

    def item_guid(self, item: Publication) -> str:
        node = item.report.node
        plan = node.plan
        return _urn(
            plan.municipality.code,
            plan.slug,
            "publication",
            node.key,
            item.report.fiscal_year,
            item.number,
        )

    item_guid_is_permalink = False

    def item_pubdate(self, item: Publication) -> object:
        return item.published_at

    def item_updateddate(self, item: Publication) -> object:
        return item.published_at

    def item_categories(self, item: Publication) -> list[str]:
        labels = [fy_label(item.report.fiscal_year)]
        return [*labels, "訂正"] if item.is_correction else labels
