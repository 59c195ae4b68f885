"""What the demo says about indicators (成果指標/KPI) and fiscal effects (財政効果額).

Plausible figures for a city of Aomori's size, not the city's: a realistic subset of the
plan's items has KPIs and effects for FY2024–2025. The loader enters each year's actuals
while that year's report is still editable, so an item whose FY2025 report was never written
(下書き, empty) shows its FY2025 actuals as not yet entered, whatever is listed here.

Every effect note and plan-level target label says 【サンプル】; indicator names read as a
plan writes them (the whole demo plan is flagged as sample data on every page).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gyokaku.demo.data import SAMPLE


@dataclass(frozen=True)
class DemoIndicator:
    """A KPI of one item. Values are strings so decimals stay exact (``"99.15"``)."""

    key: str
    name: str
    unit: str
    direction: str  # "higher" or "lower" is better
    baseline: tuple[str, int] | None  # (value, fiscal year)
    targets: dict[int, str]
    final: tuple[str, int] | None  # (value, fiscal year): the plan's last-year goal
    actuals: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DemoEffect:
    """One fiscal effect line of an item and fiscal year, integer yen (negative: a cost)."""

    key: str
    fiscal_year: int
    kind: str  # revenue (歳入確保) / expenditure (歳出削減) / other (その他)
    target_yen: int | None
    actual_yen: int | None
    note: str  # 算出方法, shown to readers


@dataclass(frozen=True)
class DemoPlanTarget:
    kind: str  # "" for all kinds together
    fiscal_year: int | None  # None: the whole plan period
    target_yen: int
    label: str


INDICATORS: list[DemoIndicator] = [
    DemoIndicator(
        "1-2-01-1",
        "職員1人当たりの時間外勤務時間（年間）",
        "時間",
        "lower",
        ("168", 2023),
        {2024: "160", 2025: "150", 2026: "140", 2027: "130"},
        ("120", 2028),
        {2024: "157.5", 2025: "152.3"},
    ),
    DemoIndicator(
        "1-2-01-1",
        "男性職員の育児休業取得率",
        "%",
        "higher",
        ("40", 2023),
        {2024: "50", 2025: "60", 2026: "70", 2027: "80"},
        ("85", 2028),
        {2024: "52", 2025: "63.5"},
    ),
    DemoIndicator(
        "2-1-01-1",
        "マイナンバーカード交付率",
        "%",
        "higher",
        ("68.5", 2022),
        {2024: "80", 2025: "85", 2026: "88", 2027: "90"},
        ("95", 2028),
        {2024: "78.9", 2025: "82.4"},
    ),
    DemoIndicator(
        "2-1-01-1",
        "証明書交付に占めるコンビニ交付の割合",
        "%",
        "higher",
        ("18", 2023),
        {2024: "30", 2025: "35"},
        ("50", 2028),
        {2024: "29.6", 2025: "36.2"},
    ),
    DemoIndicator(
        "2-1-01-2",
        "書かない窓口の利用件数",
        "件",
        "higher",
        ("0", 2023),
        {2024: "6000", 2025: "15000", 2026: "20000", 2027: "22000"},
        ("25000", 2028),
        {2024: "7412", 2025: "13850"},
    ),
    DemoIndicator(
        "2-1-01-3",
        "オンライン申請可能手続数",
        "手続",
        "higher",
        ("165", 2023),
        {2024: "200", 2025: "240", 2026: "280", 2027: "320"},
        ("350", 2028),
        {2024: "210", 2025: "251"},
    ),
    DemoIndicator(
        "2-1-01-4",
        "推奨データセットへの対応率",
        "%",
        "higher",
        ("52", 2023),
        {2024: "65", 2025: "75"},
        ("100", 2028),
        {2024: "65", 2025: "72.5"},
    ),
    DemoIndicator(
        "2-1-01-5",
        "キャッシュレス決済導入施設数",
        "施設",
        "higher",
        ("12", 2023),
        {2024: "25", 2025: "40", 2026: "55", 2027: "70"},
        ("80", 2028),
        {2024: "28", 2025: "43"},
    ),
    # No baseline and no FY2024 target (a year of study): FY2024 is "not measured".
    DemoIndicator(
        "2-1-02-1",
        "電子契約の締結件数",
        "件",
        "higher",
        None,
        {2025: "150", 2026: "500", 2027: "1000"},
        ("1500", 2028),
        {2025: "152"},
    ),
    # Lower is better without a baseline: rate = target ÷ actual.
    DemoIndicator(
        "3-2-01-2-a",
        "給食1食当たりの調理業務経費",
        "円",
        "lower",
        None,
        {2024: "310", 2025: "300"},
        ("280", 2028),
        {2024: "305", 2025: "302"},
    ),
    DemoIndicator(
        "4-1-02-3",
        "市税収納率（現年度分）",
        "%",
        "higher",
        ("98.9", 2022),
        {2024: "99.0", 2025: "99.1", 2026: "99.2", 2027: "99.3"},
        ("99.4", 2028),
        {2024: "99.1", 2025: "99.15"},
    ),
    DemoIndicator(
        "4-1-02-5-a",
        "ネーミングライツ契約件数",
        "件",
        "higher",
        ("3", 2023),
        {2024: "4", 2025: "6", 2026: "8", 2027: "9"},
        ("10", 2028),
        {2024: "4", 2025: "5"},
    ),
    DemoIndicator(
        "4-1-02-6",
        "ふるさと応援寄附の件数",
        "件",
        "higher",
        ("9800", 2023),
        {2024: "12000", 2025: "14000"},
        ("20000", 2028),
        {2024: "15320", 2025: "16050"},
    ),
    DemoIndicator(
        "4-2-01-1",
        "公共施設の延床面積",
        "㎡",
        "lower",
        ("1052300", 2022),
        {2024: "1040000", 2025: "1032000", 2026: "1020000", 2027: "1010000"},
        ("1000000", 2028),
        {2024: "1043120", 2025: "1030800"},
    ),
    DemoIndicator(
        "4-3-01-3",
        "経常収支比率（自動車運送事業）",
        "%",
        "higher",
        ("92.4", 2022),
        {2024: "95", 2025: "96.5"},
        ("100", 2028),
        {2024: "94.1", 2025: "96.8"},
    ),
    DemoIndicator(
        "5-1-01-1",
        "市公式SNSのフォロワー数（合計）",
        "人",
        "higher",
        ("48000", 2023),
        {2024: "55000", 2025: "62000"},
        ("80000", 2028),
        {2024: "57310", 2025: "63020"},
    ),
    # The FY2025 satisfaction survey is still being tallied: its actual is missing.
    DemoIndicator(
        "5-1-02-1",
        "あおり未来ミーティング参加者の満足度",
        "%",
        "higher",
        None,
        {2024: "80", 2025: "80"},
        ("85", 2028),
        {2024: "86.5"},
    ),
    DemoIndicator(
        "5-1-02-2",
        "審議会等における女性委員の割合",
        "%",
        "higher",
        ("33.1", 2023),
        {2024: "35", 2025: "37", 2026: "38", 2027: "39"},
        ("40", 2028),
        {2024: "34.2", 2025: "36"},
    ),
]

REV, EXP, OTH = "revenue", "expenditure", "other"
S = SAMPLE

EFFECTS: list[DemoEffect] = [
    # 歳入確保 revenue
    DemoEffect(
        "4-1-02-5-b", 2024, REV, 1_500_000, 1_862_000,
        f"{S}広報あおもり・市ホームページ・窓口封筒の広告料収入の2023年度比の増加額"
        "（2024年度 6,062千円 − 2023年度 4,200千円）",
    ),
    DemoEffect(
        "4-1-02-5-b", 2025, REV, 2_000_000, 1_735_000,
        f"{S}広告料収入の2023年度比の増加額（2025年度 5,935千円 − 2023年度 4,200千円）",
    ),
    DemoEffect(
        "4-1-02-5-a", 2024, REV, 3_000_000, 3_300_000,
        f"{S}新規契約1件（市民体育館）の年間契約料 3,300千円",
    ),
    DemoEffect(
        "4-1-02-5-a", 2025, REV, 6_000_000, 5_500_000,
        f"{S}継続1件 3,300千円 ＋ 新規1件（近隣公園）2,200千円",
    ),
    DemoEffect(
        "4-1-02-6", 2024, REV, 30_000_000, 41_250_000,
        f"{S}寄附額の2023年度比の増加額 92,500千円 から、返礼品・送料・ポータルサイト手数料など"
        "経費の増加額 51,250千円 を差し引いた額",
    ),
    DemoEffect(
        "4-1-02-6", 2025, REV, 40_000_000, 38_900_000,
        f"{S}寄附額の2023年度比の増加額から、経費の増加額を差し引いた額",
    ),
    DemoEffect(
        "4-1-02-6", 2025, EXP, -1_800_000, -1_950_000,
        f"{S}ポータルサイトを1つ追加したことによる手数料の増（費用の増加のため負の値）",
    ),
    DemoEffect(
        "4-1-02-3", 2024, REV, 40_000_000, 80_400_000,
        f"{S}市税現年度分の調定額 402億円 × 収納率の上昇幅 0.2ポイント（98.9% → 99.1%）",
    ),
    DemoEffect(
        "4-1-02-3", 2025, REV, 60_000_000, 100_250_000,
        f"{S}市税現年度分の調定額 401億円 × 収納率の上昇幅 0.25ポイント（98.9% → 99.15%）",
    ),
    DemoEffect(
        "4-1-02-7", 2024, REV, 10_000_000, 14_870_000,
        f"{S}財政調整基金など6基金の債券運用による運用収入の2023年度比の増加額",
    ),
    DemoEffect(
        "4-1-02-7", 2025, REV, 12_000_000, 16_200_000,
        f"{S}6基金の債券運用による運用収入の2023年度比の増加額",
    ),
    DemoEffect(
        "4-1-02-1", 2025, REV, 12_000_000, 9_640_000,
        f"{S}2025年4月の使用料改定（12施設）による増収額: 施設ごとに 利用実績 × 改定額 の合計",
    ),
    DemoEffect(
        "4-2-01-1", 2025, REV, 50_000_000, 61_800_000,
        f"{S}集約により廃止した旧市民センター跡地の売却収入（一般競争入札、予定価格 50,000千円）",
    ),
    # 歳出削減 expenditure (negative: a cost the measure brings)
    DemoEffect(
        "4-2-01-1", 2024, EXP, 25_000_000, 27_340_000,
        f"{S}集約により廃止した3施設の維持管理費（光熱水費・委託料・修繕料）の2023年度決算額",
    ),
    DemoEffect(
        "4-2-01-1", 2025, EXP, 38_000_000, 35_120_000,
        f"{S}廃止した5施設の維持管理費 37,600千円 − 移転先施設の維持管理費の増加分 2,480千円",
    ),
    DemoEffect(
        "3-2-01-2-a", 2024, EXP, 18_000_000, 19_560_000,
        f"{S}調理業務を委託した2調理場: 直営時の人件費 96,260千円 − 委託料 76,700千円",
    ),
    DemoEffect(
        "3-2-01-2-a", 2025, EXP, 30_000_000, 28_900_000,
        f"{S}調理業務を委託した3調理場: 直営時の人件費 141,400千円 − 委託料 112,500千円",
    ),
    DemoEffect(
        "3-2-01-2-c", 2025, EXP, 3_200_000, 3_480_000,
        f"{S}広報紙を全戸配布から希望制と電子版に改めたことによる印刷・配布委託料の減"
        "（2023年度比）",
    ),
    DemoEffect(
        "2-1-01-5", 2024, EXP, -1_500_000, -1_239_000,
        f"{S}キャッシュレス決済の手数料の増: 決済額 41,300千円 × 手数料率 3.0%"
        "（費用の増加のため負の値）",
    ),
    DemoEffect(
        "2-1-01-5", 2024, OTH, 800_000, 950_000,
        f"{S}窓口での現金の取扱い・釣銭準備の時間の削減を人件費に換算: 年380時間 × 2,500円",
    ),
    DemoEffect(
        "2-1-01-5", 2025, EXP, -2_000_000, -2_310_000,
        f"{S}キャッシュレス決済の手数料の増: 決済額 77,000千円 × 手数料率 3.0%"
        "（費用の増加のため負の値）",
    ),
    DemoEffect(
        "2-1-01-5", 2025, OTH, 1_200_000, 1_500_000,
        f"{S}窓口での現金の取扱い時間の削減を人件費に換算: 年600時間 × 2,500円",
    ),
    DemoEffect(
        "2-1-02-1", 2025, EXP, 600_000, 418_000,
        f"{S}電子契約で締結した委託契約152件の郵送費・製本費の削減（1件当たり 2,750円）。"
        "収入印紙は事業者の負担のため含めない",
    ),
    DemoEffect(
        "2-1-02-1", 2025, EXP, -330_000, -330_000,
        f"{S}電子契約サービスの利用料（年額）の増（費用の増加のため負の値）",
    ),
    DemoEffect(
        "4-2-02-1-a", 2024, EXP, 6_500_000, 6_820_000,
        f"{S}駐車場管理委託料の減 9,100千円 − 自動精算機の賃借料 2,280千円",
    ),
    DemoEffect(
        "4-2-02-1-a", 2025, EXP, 6_500_000, 6_820_000,
        f"{S}駐車場管理委託料の減 9,100千円 − 自動精算機の賃借料 2,280千円",
    ),
    DemoEffect(
        "2-2-01-3", 2024, EXP, 2_000_000, 1_650_000,
        f"{S}ペーパーレス会議によるコピー用紙の削減 1,100千枚 × 1枚当たりの用紙・印刷費 1.5円",
    ),
    DemoEffect(
        "2-2-01-3", 2025, EXP, 3_000_000, 2_790_000,
        f"{S}コピー用紙の削減 1,860千枚 × 1枚当たりの用紙・印刷費 1.5円",
    ),
    DemoEffect(
        "4-3-01-3", 2024, EXP, 20_000_000, 22_600_000,
        f"{S}路線・ダイヤの見直しによる運行経費の減: 2023年度決算 1,130,000千円 × 2.0%",
    ),
    DemoEffect(
        "4-3-01-3", 2025, EXP, 25_000_000, 24_100_000,
        f"{S}路線・ダイヤの見直しによる運行経費の減（2023年度決算比）",
    ),
    DemoEffect(
        "1-2-01-1", 2024, EXP, 14_080_000, 18_480_000,
        f"{S}時間外勤務手当の減: 1人当たりの減少時間 10.5時間（目標 8時間）× 対象職員 800人 × "
        "平均単価 2,200円",
    ),
    DemoEffect(
        "1-2-01-1", 2025, EXP, 31_680_000, 27_632_000,
        f"{S}時間外勤務手当の減: 1人当たりの減少時間 15.7時間（目標 18時間）× 対象職員 800人 × "
        "平均単価 2,200円",
    ),
    DemoEffect(
        "3-2-01-3-b", 2025, EXP, 1_200_000, 1_080_000,
        f"{S}公用車6台の削減によるリース料・保険料の減 1,980千円 − カーシェア利用料 900千円",
    ),
]  # fmt: skip

PLAN_TARGETS: list[DemoPlanTarget] = [
    DemoPlanTarget("", None, 1_000_000_000, f"{SAMPLE}5年間の財政効果額（目標）"),
    DemoPlanTarget(REV, None, 450_000_000, f"{SAMPLE}5年間の歳入確保額（目標）"),
    DemoPlanTarget(EXP, None, 550_000_000, f"{SAMPLE}5年間の歳出削減額（目標）"),
    DemoPlanTarget("", 2024, 200_000_000, f"{SAMPLE}2024年度の財政効果額（目標）"),
]


def indicators_by_key() -> dict[str, list[DemoIndicator]]:
    out: dict[str, list[DemoIndicator]] = {}
    for item in INDICATORS:
        out.setdefault(item.key, []).append(item)
    return out


def effects_by_year() -> dict[tuple[str, int], list[DemoEffect]]:
    out: dict[tuple[str, int], list[DemoEffect]] = {}
    for item in EFFECTS:
        out.setdefault((item.key, item.fiscal_year), []).append(item)
    return out
