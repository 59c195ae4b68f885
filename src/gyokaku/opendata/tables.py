"""The open data tables, defined once: every format (CSV, JSON, XLSX) and the Frictionless
``datapackage.json`` are written from these definitions, so they cannot drift apart.

Column names are ASCII (stable for programs); each column carries a Japanese title and a
description in Japanese and English. Every table starts with the join columns
``municipality_code`` (全国地方公共団体コード) and ``plan_slug``; tables about a node add
``node_key`` and, per year, ``fiscal_year``, so files of several years and municipalities join.
"""

from __future__ import annotations

from gyokaku.measures.models import EffectKind
from gyokaku.opendata.columns import (
    FISCAL_YEAR,
    MUNICIPALITY,
    NODE,
    NODE_REF,
    PLAN,
    PUBLISHED,
    YEAR_KEY,
    Column,
    ForeignKey,
    Table,
    _flag,
    _int,
    _text,
    _yen,
)
from gyokaku.opendata.tables_sheet import ITEM_SHEETS, NUMBER, SCHEDULE, TITLE

__all__ = ["TABLES", "Column", "ForeignKey", "Table"]

# ---- the tables ---------------------------------------------------------------------------

NODES = Table(
    "nodes",
    "取組方策",
    "計画の体系（柱・大分類・中分類・項目・詳細など）の全取組方策。 / Every node of the plan tree.",
    (
        MUNICIPALITY,
        PLAN,
        NODE,
        _text(
            "parent_key", "上位の取組方策キー", "上位の取組方策のキー（最上位は空欄）。 / Parent."
        ),
        _int("depth", "階層の深さ", "1 が最上位（柱など）。 / 1 is the top level."),
        _text("level_name", "階層", "凡例による階層名（柱、大分類など）。 / Level name."),
        _text("code", "番号", "計画に印刷された番号（①、(1) など）。 / Code as printed."),
        _text("title", "名称", "取組方策の名称。 / Title."),
        _text("description", "説明", "取組方策の説明。 / Description."),
        _text("departments", "所管課", "担当する課（複数は「、」区切り）。 / Departments."),
        _flag(
            "tracked",
            "進捗管理の対象",
            "取組状況を毎年度記録する取組方策なら TRUE。 / TRUE where yearly progress is recorded.",
        ),
        _int("position", "順序", "計画全体での並び順（0 から）。 / Document order."),
        _text("municipality_name", "自治体名", "自治体の名称。 / Municipality name."),
        _text("plan_title", "計画名", "計画の名称。 / Plan title."),
        # 改定 (issue 12): added at the end, so the earlier columns keep their places.
        _int(
            "first_fy",
            "開始年度",
            "計画の改定で追加された取組方策が記録の対象になる最初の年度（当初からの取組は空欄）。"
            " / First fiscal year tracked, for a node added by a revision.",
        ),
        _int(
            "ended_fy",
            "終了年度",
            "計画の改定で廃止・統合・完了した取組方策を記録しなくなる最初の年度（継続中は空欄）。"
            "それまでの年度の記録は残る。 / First fiscal year no longer tracked (ended by a"
            " revision); earlier years keep their data.",
        ),
        _text("end_kind", "終了の区分", "廃止・統合・完了（継続中は空欄）。 / How it ended."),
        _text(
            "merged_into_key",
            "統合先の取組方策キー",
            "統合した取組方策の統合先のキー。 / Key of the node it was merged into.",
        ),
        _text(
            "former_keys",
            "旧キー",
            "改定で番号が変わる前のキー（複数は「、」区切り）。 / Keys before renumbering.",
        ),
    ),
    primary_key=("municipality_code", "plan_slug", "node_key"),
)

YEAR_PLANS = Table(
    "year_plans",
    "年度計画",
    "取組方策ごと・年度ごとの計画（工程）。取組状況が公表された年度のみ。"
    " / Year plans, for the years whose report is published.",
    (
        MUNICIPALITY,
        PLAN,
        NODE,
        FISCAL_YEAR,
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
        _text("text", "計画内容", "その年度の計画内容。 / What is planned."),
    ),
    primary_key=YEAR_KEY,
    foreign_keys=(NODE_REF,),
)

PROGRESS = Table(
    "progress",
    "取組状況",
    "公表済みの取組状況（年度ごとの実績・課題・今後の方向性）。"
    " / Published yearly progress reports.",
    (
        MUNICIPALITY,
        PLAN,
        NODE,
        FISCAL_YEAR,
        _text("result_text", "取組実績", "その年度の取組実績。 / Results."),
        _text("issues_text", "課題", "課題。 / Issues."),
        _text("next_plan_text", "次年度の予定", "次年度の取組予定。 / Next year's plan."),
        _text(
            "direction",
            "今後の方向性（コード）",
            "計画の方向性の一覧のコード（既定は continue, expand, revise ...）。 / Direction.",
        ),
        _text(
            "direction_label",
            "今後の方向性",
            "計画の方向性の一覧での表示（既定は継続・拡充・見直し・完了・廃止）。 / Label.",
        ),
        _text("committee_opinion", "委員会意見", "委員会の意見。 / Committee opinion."),
        Column(
            "published_at",
            "datetime",
            "公表日時",
            "最後に公表された日時（日本時間）。 / When it was last published (JST).",
        ),
    ),
    primary_key=YEAR_KEY,
    foreign_keys=(NODE_REF,),
)

RATINGS = Table(
    "ratings",
    "評価",
    "公表済みの取組状況の評価（評価区分ごとに1行）。 / Ratings of published reports.",
    (
        MUNICIPALITY,
        PLAN,
        NODE,
        FISCAL_YEAR,
        _text("scale_code", "評価区分（コード）", "評価区分の識別子。 / Rating scale code."),
        _text("scale_name", "評価区分", "実施状況、達成度など。 / Rating scale."),
        _text("value_code", "評価（コード）", "評価値の識別子。 / Rating value code."),
        _text("value_label", "評価", "評価の表示（S、A、取組中など）。 / Rating."),
        _flag("on_track", "順調", "集計で順調に数える評価なら TRUE。 / Counts as on track."),
        _flag("not_rated", "評価対象外", "評価対象外なら TRUE。 / Not rated this year."),
    ),
    primary_key=(*YEAR_KEY, "scale_code"),
    foreign_keys=(ForeignKey(YEAR_KEY, "progress", YEAR_KEY),),
)

INDICATOR_KEY = ("municipality_code", "plan_slug", "node_key", "indicator_no")
INDICATORS = Table(
    "indicators",
    "成果指標",
    "取組方策の成果指標（KPI）と基準値・最終目標値。 / Indicators (KPIs) of nodes.",
    (
        MUNICIPALITY,
        PLAN,
        NODE,
        _int("indicator_no", "指標番号", "取組方策の中での番号（1 から）。 / Number in the node."),
        _text("name", "指標名", "成果指標の名称。 / Indicator name."),
        _text("unit", "単位", "単位。 / Unit."),
        _text("direction", "方向（コード）", "higher（高いほどよい）か lower。 / Direction."),
        _text("direction_label", "方向", "高いほどよい・低いほどよい。 / Direction label."),
        Column("baseline_value", "number", "基準値", "基準値。 / Baseline value."),
        _int("baseline_fy", "基準年度", "基準値の年度。 / Baseline fiscal year."),
        Column("final_target_value", "number", "最終目標値", "最終目標値。 / Final target."),
        _int("final_target_fy", "最終目標年度", "最終目標の年度。 / Final target year."),
        _text(
            "rate_formula",
            "算出方法（コード）",
            "達成率の算出方法: auto（基準値があれば改善率、なければ実績÷目標）・ratio（実績÷目標）"
            "・improvement（改善率）・points（ポイント差）。 / How achievement is computed.",
        ),
    ),
    primary_key=INDICATOR_KEY,
    foreign_keys=(NODE_REF,),
)

INDICATOR_VALUES = Table(
    "indicator_values",
    "成果指標の目標値・実績値",
    "成果指標の年度ごとの目標値と実績値（実績は公表済みの年度のみ）と達成率。"
    " / Yearly targets and published actuals of indicators, with the achievement rate.",
    (
        MUNICIPALITY,
        PLAN,
        NODE,
        _int("indicator_no", "指標番号", "indicators の指標番号。 / Indicator number."),
        FISCAL_YEAR,
        Column("target_value", "number", "目標値", "その年度の目標値。 / Target of the year."),
        Column("actual_value", "number", "実績値", "その年度の実績値。 / Actual of the year."),
        _text("actual_note", "実績の備考", "実績値の備考。 / Note on the actual."),
        Column(
            "achievement_rate",
            "number",
            "達成率",
            "達成率（1 が 100%、100% を超えることがある。算出方法が points のときは空欄）。"
            " / Achievement rate, 1 = 100% (empty for points).",
        ),
        Column(
            "point_difference",
            "number",
            "ポイント差",
            "算出方法が points のとき、実績値 − 目標値（例: 0.1 は +0.1ポイント）。"
            " / Actual minus target, for the points formula.",
        ),
        _flag(
            "achieved", "達成", "目標を達成したか（未測定は空欄）。 / Achieved (empty: unknown)."
        ),
        _text(
            "formula", "算出式", "達成率の算出式、または算出できない理由。 / How it was computed."
        ),
        PUBLISHED,
    ),
    primary_key=(*INDICATOR_KEY, "fiscal_year"),
    foreign_keys=(ForeignKey(INDICATOR_KEY, "indicators", INDICATOR_KEY),),
)

EFFECTS = Table(
    "effects",
    "財政効果額",
    "取組方策ごと・年度ごとの財政効果額（目標額と、公表済みの年度の実績額。円）。"
    " / Fiscal effects per node and year in yen (actuals of published years only).",
    (
        MUNICIPALITY,
        PLAN,
        NODE,
        FISCAL_YEAR,
        _int("line_no", "行番号", "その年度の中での番号（1 から）。 / Line number in the year."),
        _text("kind", "区分（コード）", "revenue, expenditure, other。 / Kind."),
        _text("kind_label", "区分", "歳入確保・歳出削減・その他。 / Kind label."),
        _yen("target_yen", "目標額", "目標額"),
        _yen("actual_yen", "実績額", "実績額（公表前の年度は空欄）"),
        _text("note", "算出方法", "効果額の算出方法。 / How the effect is calculated."),
        PUBLISHED,
    ),
    primary_key=(*YEAR_KEY, "line_no"),
    foreign_keys=(NODE_REF,),
)

SPANS = {"single_year": "単年度", "cumulative": "累計"}
KIND_LABELS = dict(EffectKind.choices)


def _money_columns() -> tuple[Column, ...]:
    out: list[Column] = []
    for span, span_label in SPANS.items():
        for part, part_label in (("target", "目標額"), ("actual", "実績額")):
            out.append(_yen(f"{span}_{part}_yen", f"{span_label}{part_label}", span_label))
        for kind, kind_label in KIND_LABELS.items():
            for part, part_label in (("target", "目標額"), ("actual", "実績額")):
                title = f"{span_label}{part_label}（{kind_label}）"
                out.append(_yen(f"{span}_{kind}_{part}_yen", title, title))
    return tuple(out)


SCOPE = Column(
    "scope",
    "string",
    "集計の範囲",
    "plan（計画全体。node_key は空欄）か node（その取組方策と下位の取組）。"
    " / 'plan' for the whole plan (node_key empty) or 'node' for a node and its descendants.",
    required=True,
)
ROLLUP_NODE = Column(
    "node_key",
    "string",
    "取組方策キー",
    "集計した取組方策のキー（計画全体の行は空欄）。 / Node key (empty for the whole plan).",
)

ROLLUPS = Table(
    "rollups",
    "集計",
    "年度ごとの集計（取組方策とその下位、および計画全体）。実績は公表済みの取組状況のみから集計。"
    " 単年度はその年度のみ、累計は計画初年度からその年度まで。"
    " / Roll-ups per year of each node with its descendants and of the whole plan,"
    " from published reports only.",
    (
        MUNICIPALITY,
        PLAN,
        SCOPE,
        ROLLUP_NODE,
        FISCAL_YEAR,
        _int("tracked", "対象の取組数", "進捗管理の対象の取組数。 / Tracked nodes."),
        _int("reported", "公表済みの取組数", "その年度の取組状況が公表済みの数。 / Reported."),
        *_money_columns(),
        _int("indicators_achieved", "成果指標（達成）", "達成した指標の数。 / Achieved."),
        _int("indicators_not_achieved", "成果指標（未達成）", "未達成の数。 / Not achieved."),
        _int("indicators_not_measured", "成果指標（未測定）", "未測定の数。 / Not measured."),
    ),
)

ROLLUP_RATINGS = Table(
    "rollup_ratings",
    "集計（評価の件数）",
    "年度ごと・評価区分ごとの評価の件数（公表済みの取組状況のみ。0 件の評価は省略）。"
    " / Counts of each rating per year, from published reports (zero counts omitted).",
    (
        MUNICIPALITY,
        PLAN,
        SCOPE,
        ROLLUP_NODE,
        FISCAL_YEAR,
        _text("scale_code", "評価区分（コード）", "評価区分の識別子。 / Rating scale code."),
        _text("scale_name", "評価区分", "評価区分の名称。 / Rating scale."),
        _text("value_code", "評価（コード）", "評価値の識別子。 / Rating value code."),
        _text("value_label", "評価", "評価の表示。 / Rating."),
        _int("count", "件数", "その評価の取組の数。 / Number of nodes."),
        _flag("on_track", "順調", "順調に数える評価なら TRUE。 / Counts as on track."),
        _flag("not_rated", "評価対象外", "評価対象外なら TRUE。 / Not rated."),
    ),
)

# ---- 公表と訂正 (publication snapshots and corrections, issue 12) ---------------------------

CORRECTIONS = Table(
    "corrections",
    "訂正",
    "公表済みの取組状況を訂正して公表し直した記録（訂正日・訂正した箇所・理由）。"
    "progress などの表は訂正後の内容。"
    " / Corrections: published reports published again, with what changed and why.",
    (
        MUNICIPALITY,
        PLAN,
        NODE,
        FISCAL_YEAR,
        _int("number", "版", "公表の版（2 が最初の訂正）。 / Publication number (2: first)."),
        Column(
            "published_at",
            "datetime",
            "訂正日時",
            "訂正して公表した日時（日本時間）。 / When the correction was published (JST).",
            required=True,
        ),
        _text("date_label", "訂正日", "訂正日（和暦）。 / Date of the correction (Japanese era)."),
        _text(
            "changes",
            "訂正した箇所",
            "訂正した項目（複数は「、」区切り）。 / What changed, separated by '、'.",
        ),
        _text("reason", "訂正の理由", "計画担当が記した理由（任意）。 / Reason, if given."),
    ),
    primary_key=(*YEAR_KEY, "number"),
    foreign_keys=(NODE_REF,),
)

# ---- 目標値の変更 (issue 12 #2): its own block, so other tables are added beside it -----------

TARGET_CHANGES = Table(
    "target_changes",
    "目標値の変更",
    "計画の策定後に計画担当が変えた基準値・目標値・目標額（変更前→変更後、変更日、理由）。"
    " / Baselines and targets changed after the plan's adoption: old and new value, date, reason.",
    (
        MUNICIPALITY,
        PLAN,
        _text(
            "node_key",
            "取組方策キー",
            "変更した取組のキー（計画全体の目標額は空欄）。 / Node key; empty for a plan target.",
        ),
        _int("change_no", "変更番号", "計画ごとの変更の通し番号（古い順）。 / Change number."),
        _text(
            "subject",
            "対象（コード）",
            "indicator（成果指標）、effect（財政効果）、plan（計画の目標額）。 / What was changed.",
        ),
        _text("label", "名称", "指標名、財政効果の区分、目標の名称。 / Indicator, kind or name."),
        _text("unit", "単位", "成果指標の単位。 / Unit of an indicator."),
        _text(
            "field",
            "項目（コード）",
            "baseline_value（基準値）, baseline_fy, target（年度の目標値）, final_target_value,"
            " final_target_fy, target_yen（目標額） / Field code.",
        ),
        _text("field_label", "項目", "基準値・目標値・最終目標値・目標額など。 / Field."),
        _int("fiscal_year", "年度", "年度ごとの目標値・目標額の年度。 / Fiscal year, if any."),
        _text(
            "old_value",
            "変更前（値）",
            "変更前の値（小数、円、または年度）。空欄は値なし。 / Old value as stored.",
        ),
        _text("new_value", "変更後（値）", "変更後の値。空欄は値なし。 / New value as stored."),
        _text("old_label", "変更前", "変更前の値の表示（千円、△、単位付き）。 / Old, as shown."),
        _text("new_label", "変更後", "変更後の値の表示。 / New value, as shown."),
        _text("reason", "変更の理由", "変更の理由。 / Reason for the change."),
        Column(
            "changed_on",
            "string",
            "変更日",
            "変更した日（YYYY-MM-DD）。 / Date of the change.",
            pattern="[0-9]{4}-[0-9]{2}-[0-9]{2}",
        ),
        _int("plan_version", "計画の版", "改定の一部として変えたときの版の番号。 / Revision."),
    ),
    primary_key=("municipality_code", "plan_slug", "change_no"),
)

# ---- 委員会意見 (issue 14): the committee's opinions and the departments' replies ----------

COMMITTEE_OPINIONS = Table(
    "committee_opinions",
    "委員会意見",
    "行財政改革推進委員会の委員の意見と所管課の対応（計画担当が公表した年度の、公表済みの"
    "取組状況について）。 / The committee members' opinions and the departments' replies,"
    " once published with the report.",
    (
        MUNICIPALITY,
        PLAN,
        NODE,
        FISCAL_YEAR,
        _int("opinion_no", "意見番号", "取組・年度ごとの意見の番号（1 から）。 / Number."),
        NUMBER,
        TITLE,
        _text("member", "委員", "意見を述べた委員。 / Committee member."),
        _text("opinion", "意見", "委員の意見。 / The member's opinion."),
        _text("reply", "対応", "所管課の対応（なければ空欄）。 / The department's reply."),
        Column(
            "published_at",
            "datetime",
            "公表日時",
            "委員会意見を公表した日時（日本時間）。 / When the opinions were published (JST).",
        ),
    ),
    primary_key=(*YEAR_KEY, "opinion_no"),
    foreign_keys=(NODE_REF,),
)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        NODES,
        YEAR_PLANS,
        PROGRESS,
        RATINGS,
        INDICATORS,
        INDICATOR_VALUES,
        EFFECTS,
        ROLLUPS,
        ROLLUP_RATINGS,
        CORRECTIONS,
        TARGET_CHANGES,
        ITEM_SHEETS,
        SCHEDULE,
        COMMITTEE_OPINIONS,
    )
}
