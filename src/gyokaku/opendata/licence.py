"""The licence of the open data (CC BY 4.0) and the attribution people are asked to show."""

from __future__ import annotations

from dataclasses import dataclass

from gyokaku.plans.models import Plan

LICENCE_ID = "CC-BY-4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.ja"
LICENCE_TITLE = "クリエイティブ・コモンズ 表示 4.0 国際 (CC BY 4.0)"


@dataclass(frozen=True)
class Notice:
    municipality: str
    plan_title: str
    sample: bool  # the plan carries demo data (サンプル)

    @property
    def attribution(self) -> str:
        """What a user of the data shows, as the licence asks (表示)."""
        return f"出典：{self.municipality}「{self.plan_title}」オープンデータ（CC BY 4.0）"

    @property
    def licence_title(self) -> str:
        return LICENCE_TITLE

    @property
    def licence_url(self) -> str:
        return LICENCE_URL


def notice_for(plan: Plan) -> Notice:
    return Notice(
        municipality=plan.municipality.name, plan_title=plan.title, sample=plan.has_sample_data
    )
