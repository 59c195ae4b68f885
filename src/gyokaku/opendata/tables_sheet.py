"""Open data tables of the adopted plan's 個票 and 工程表 (issue 13): plan data, public from
adoption, so every item's rows are there before any report is published."""

from __future__ import annotations

from gyokaku.opendata.columns import (
    FISCAL_YEAR,
    MUNICIPALITY,
    NODE,
    NODE_REF,
    PLAN,
    YEAR_KEY,
    Table,
    _text,
)

NUMBER = _text(
    "printed_number",
    "番号",
    "計画に印刷された番号を上位からつないだもの（例: 2-(1)-01-⑤）。"
    " / The number as printed, with its parents' (e.g. 2-(1)-01-⑤).",
)
TITLE = _text("title", "名称", "取組方策の名称。 / Title.")

ITEM_SHEETS = Table(
    "item_sheets",
    "個票",
    "策定した計画の取組ごとの個票（取組内容・現状と課題・目標・見込まれる効果）。年度別工程は"
    " schedule の表。 / Each item's sheet in the adopted plan; its yearly schedule is in"
    " the schedule table.",
    (
        MUNICIPALITY,
        PLAN,
        NODE,
        NUMBER,
        TITLE,
        _text("content", "取組内容", "取組の内容。 / What will be done."),
        _text("situation", "現状と課題", "現状と課題。 / The situation and its issues."),
        _text("goal", "目標", "目標（文章）。数値目標は indicators の表。 / The goal, in words."),
        _text("effect_fiscal", "見込まれる効果（財政効果）", "財政面の効果。 / Fiscal effect."),
        _text("effect_other", "見込まれる効果（その他）", "その他の効果。 / Other effects."),
    ),
    primary_key=("municipality_code", "plan_slug", "node_key"),
    foreign_keys=(NODE_REF,),
)

SCHEDULE = Table(
    "schedule",
    "工程表",
    "策定した計画の年度別工程（取組ごと・年度ごとの工程と内容）。計画にある年度のみ。実績は"
    " progress・ratings の表。 / The adopted plan's schedule: per item and fiscal year, the"
    " stage and what is planned; actual results are in the progress and ratings tables.",
    (
        MUNICIPALITY,
        PLAN,
        NODE,
        FISCAL_YEAR,
        NUMBER,
        TITLE,
        _text(
            "stage",
            "工程（コード）",
            "計画の工程のコード（既定は study, prepare, implement, expand, complete）。"
            " / Stage code of the plan's list.",
        ),
        _text(
            "stage_label",
            "工程",
            "計画の工程の表示（既定は検討・準備・実施・拡充・完了）。 / Stage label.",
        ),
        _text("text", "内容", "その年度に予定する内容。 / What is planned that year."),
    ),
    primary_key=YEAR_KEY,
    foreign_keys=(NODE_REF,),
)
