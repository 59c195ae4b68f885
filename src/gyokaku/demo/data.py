"""What the demo says: Aomori City departments (所管課) for every tracked item of the plan, the
demo people, and the sample text of year plans and reports.

The departments are plausible for a city of Aomori's size, not the city's official
assignments; every text a person reads is marked 【サンプル】.
"""

from __future__ import annotations

from dataclasses import dataclass

DEMO_PASSWORD = "gyokaku-demo"
SAMPLE = "【サンプル】"

# (code, name): codes are ASCII, names as a city hall writes them.
DEPARTMENTS: list[tuple[str, str]] = [
    ("jinji", "人事課"),
    ("shokuin", "職員課"),
    ("gyosei-keiei", "行政経営課"),
    ("somu", "総務課"),
    ("kanzai", "管財課"),
    ("joho-seisaku", "情報政策課"),
    ("shimin", "市民課"),
    ("keiyaku", "契約課"),
    ("kaikei", "会計課"),
    ("kikaku-chosei", "企画調整課"),
    ("zaisei", "財政課"),
    ("zeisei", "税制課"),
    ("nozei-shien", "納税支援課"),
    ("shisanzei", "資産税課"),
    ("city-promotion", "シティプロモーション課"),
    ("koho-kocho", "広報広聴課"),
    ("kokyo-shisetsu", "公共施設マネジメント課"),
    ("bunka", "文化振興課"),
    ("toshi-seisaku", "都市政策課"),
    ("danjo", "男女共同参画課"),
    ("kodomo", "子ども育成課"),
    ("gakko-kyushoku", "学校給食課"),
    ("toshokan", "市民図書館"),
    ("byoin", "市民病院事務局"),
    ("kigyo", "企業局"),
    ("kotsu", "交通部"),
    ("shijo", "中央卸売市場"),
]

# 部 (bureaus): (code, name, departments). Plausible for the city, not its official organisation;
# every department belongs to one, so that each item has a 部長 at the 部長確認 step.
BUREAUS: list[tuple[str, str, tuple[str, ...]]] = [
    ("somu-bu", "総務部", ("jinji", "shokuin", "gyosei-keiei", "somu", "joho-seisaku", "kaikei")),
    ("zaimu-bu", "財務部", ("zaisei", "zeisei", "nozei-shien", "shisanzei", "keiyaku", "kanzai")),
    ("kikaku-bu", "企画部", ("kikaku-chosei", "city-promotion", "koho-kocho", "kokyo-shisetsu")),
    ("shimin-bu", "市民生活部", ("shimin", "danjo", "bunka")),
    ("toshi-bu", "都市整備部", ("toshi-seisaku",)),
    ("kodomo-bu", "こども部", ("kodomo",)),
    ("kyoiku-bu", "教育委員会事務局", ("gakko-kyushoku", "toshokan")),
    ("kigyo-bu", "公営企業", ("byoin", "kigyo", "kotsu", "shijo")),
]

# The approval chain (承認ルート) of the demo plan: (code, name, role).
CHAIN: list[tuple[str, str, str]] = [
    ("kacho", "課長確認", "chief"),
    ("bucho", "部長確認", "director"),
    ("gyokaku", "行革担当確認", "coordinator"),
]

# Node key → departments, for every tracked item (leaf) of aomori-2024-2028.
ASSIGNMENTS: dict[str, list[str]] = {
    "1-1-01-1": ["jinji"],
    "1-1-02-1": ["jinji"],
    "1-1-02-2": ["shokuin"],
    "1-1-02-3": ["jinji"],
    "1-2-01-1": ["shokuin"],
    "2-1-01-1": ["shimin", "joho-seisaku"],
    "2-1-01-2": ["shimin"],
    "2-1-01-3": ["joho-seisaku"],
    "2-1-01-4": ["joho-seisaku"],
    "2-1-01-5": ["kaikei", "joho-seisaku"],
    "2-1-01-6": ["toshokan"],
    "2-1-02-1": ["keiyaku"],
    "2-2-01-1": ["joho-seisaku"],
    "2-2-01-2": ["gyosei-keiei", "joho-seisaku"],
    "2-2-01-3": ["joho-seisaku", "kanzai"],
    "2-2-01-4": ["kaikei"],
    "3-1-01-1": ["gyosei-keiei"],
    "3-1-01-2": ["somu", "gyosei-keiei"],
    "3-1-02-1": ["kikaku-chosei"],
    "3-2-01-1": ["gyosei-keiei"],
    "3-2-01-2-a": ["gakko-kyushoku"],
    "3-2-01-2-b": ["kodomo"],
    "3-2-01-2-c": ["koho-kocho"],
    "3-2-01-3-a": ["kikaku-chosei"],
    "3-2-01-3-b": ["kanzai"],
    "3-2-01-4": ["kikaku-chosei", "kokyo-shisetsu"],
    "4-1-01-1": ["zaisei"],
    "4-1-01-2": ["zaisei", "kaikei"],
    "4-1-02-1": ["gyosei-keiei", "zaisei"],
    "4-1-02-2": ["zaisei"],
    "4-1-02-3": ["nozei-shien", "zeisei"],
    "4-1-02-4": ["shisanzei"],
    "4-1-02-5-a": ["gyosei-keiei"],
    "4-1-02-5-b": ["koho-kocho", "zaisei"],
    "4-1-02-6": ["city-promotion"],
    "4-1-02-7": ["kaikei", "zaisei"],
    "4-2-01-1": ["kokyo-shisetsu"],
    "4-2-02-1-a": ["bunka"],
    "4-2-02-1-b": ["toshi-seisaku"],
    "4-2-02-1-c": ["toshi-seisaku"],
    "4-3-01-1": ["byoin"],
    "4-3-01-2": ["kigyo"],
    "4-3-01-3": ["kotsu"],
    "4-3-01-4": ["kigyo"],
    "4-3-01-5": ["shijo"],
    "4-3-02-1": ["gyosei-keiei", "zaisei"],
    "5-1-01-1": ["koho-kocho"],
    "5-1-02-1": ["koho-kocho"],
    "5-1-02-2": ["danjo"],
}


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    departments: tuple[str, ...] = ()
    note: str = ""


USERS: list[DemoUser] = [
    DemoUser("demo-admin", "admin", note="システム管理者"),
    DemoUser("demo-coordinator", "coordinator", note="計画担当（行政経営課）"),
    DemoUser(
        "demo-editor",
        "editor",
        ("joho-seisaku", "shimin", "keiyaku"),
        note="所管課担当者（情報政策課・市民課・契約課）",
    ),
    DemoUser("demo-viewer", "viewer", note="閲覧者"),
    DemoUser("demo-chief", "chief", ("joho-seisaku",), note="課長（情報政策課）: 課長確認"),
    DemoUser("demo-director", "director", ("somu",), note="部長（総務部）: 部長確認"),
    DemoUser(
        "demo-committee", "committee", note="行財政改革推進委員会の委員: 共有された年度に意見"
    ),
]
# The committee members' names as the 意見一覧表 prints them (姓, 名).
COMMITTEE_NAMES: dict[str, tuple[str, str]] = {"demo-committee": ("サンプル", "委員")}

# 工程 for the five years of the plan, one pattern per item in turn.
STAGE_PATTERNS: list[list[str]] = [
    ["implement", "implement", "implement", "implement", "implement"],
    ["study", "prepare", "implement", "implement", "expand"],
    ["prepare", "implement", "implement", "expand", "expand"],
    ["study", "study", "prepare", "implement", "implement"],
    ["implement", "implement", "expand", "expand", "complete"],
    ["study", "prepare", "implement", "complete", "complete"],
]

STAGE_TEXT: dict[str, str] = {
    "study": "先進事例の調査と庁内での検討、課題の整理",
    "prepare": "実施方法の決定、関係機関との調整、必要な予算・規程の準備",
    "implement": "計画に基づく実施と、効果の把握",
    "expand": "対象の拡大と、前年度の検証結果を踏まえた改善",
    "complete": "取組の完了と、成果の検証・報告",
}

# Results (取組実績) for the items the demo editor and readers are most likely to open.
RESULTS: dict[str, str] = {
    "2-1-01-1": "マイナンバーカードを利用したコンビニ交付の対象証明書を拡大し、"
    "窓口での証明書交付件数のうち約3割がコンビニ交付となった。",
    "2-1-01-2": "市民課窓口に申請書作成支援システムを試行導入し、住民異動届など12手続で"
    "「書かない窓口」を開始した。来庁者アンケートでは8割以上が「便利になった」と回答した。",
    "2-1-01-3": "電子申請の対象手続を45手続追加し、"
    "オンラインで申請できる手続は累計210手続となった。",
    "2-1-01-4": "オープンデータとして新たに18データセットを公開し、"
    "推奨データセットへの対応率を65％に高めた。",
    "2-1-02-1": "電子契約サービスの比較検討を行い、建設工事以外の委託契約から"
    "試行導入する方針を決定した。",
    "2-2-01-1": "標準準拠システムへの移行計画を策定し、住民記録など6業務の移行作業に着手した。",
    "2-2-01-3": "本庁舎の一部フロアでフリーアドレスとペーパーレス会議を試行した。",
    "1-2-01-1": "男性職員の育児休業取得率は52％となり、前年度から12ポイント上昇した。",
    "4-1-02-3": "コンビニ・スマートフォン決済による納付を周知し、"
    "市税の現年度分収納率は99.1％となった。",
    "4-3-01-3": "利用実態調査に基づき路線とダイヤを見直し、運行経費を前年度比で約2％削減した。",
}

RESULT_TEMPLATES: list[str] = [
    "「{title}」について庁内検討会議を{n}回開催し、他都市の事例調査を踏まえて進め方を整理した。",
    "「{title}」に向けて対象業務の現状を調査し、{n}件の改善項目を洗い出した。"
    "うち{m}件は年度内に着手した。",
    "「{title}」を計画どおり実施し、実施状況を四半期ごとに確認した。",
    "「{title}」について関係機関と協議を重ね、実施に向けた課題と役割分担を確認した。",
]

ISSUE_TEMPLATES: list[str] = [
    "関係部署との調整に時間を要しており、実施時期の見極めが必要である。",
    "担当職員の負担が増えているため、業務の平準化を図る必要がある。",
    "効果を測る指標が定まっておらず、費用対効果の検証方法を整理する必要がある。",
    "市民への周知が十分でなく、利用が伸び悩んでいる。",
]

NEXT_TEMPLATES: list[str] = [
    "{fy}年度は検討結果を踏まえ、試行実施に向けた準備を進める。",
    "{fy}年度は対象を拡大し、効果の検証を行う。",
    "{fy}年度も引き続き計画どおり取り組み、成果を数値で把握する。",
    "{fy}年度は課題への対応策を整理し、実施方法を見直す。",
]

COMMITTEE_OPINIONS: list[str] = [
    "取組の成果が市民に分かるよう、数値目標との比較で示されたい。",
    "先行自治体の事例も参考に、取組の加速を期待する。",
    "職員の負担軽減につながっているか、引き続き検証されたい。",
]

# 委員会意見 of the committee members (committee app) and the departments' 対応.
MEMBER_OPINIONS: list[tuple[str, str]] = [
    (
        "利用者の満足度も把握し、成果指標とあわせて示されたい。",
        "次年度から窓口アンケートを実施し、結果を個票に記載します。",
    ),
    (
        "費用対効果を、導入前との比較で説明されたい。",
        "導入前後の処理時間と経費を比較し、次回の委員会で報告します。",
    ),
    ("他の部署への展開の見通しを示されたい。", ""),
]

RETURN_COMMENTS: list[str] = [
    "取組実績に、件数や割合など成果を示す数値を追記してください。",
    "課題欄が空欄です。今年度の課題を記入してください。",
    "達成度の評価と取組実績の内容が合っていないように見えます。ご確認ください。",
]

# The ratings a report gets, one pair per item in turn (実施状況, 達成度).
RATINGS: list[tuple[str, str]] = [
    ("in_progress", "A"),
    ("in_progress", "A"),
    ("in_progress", "B"),
    ("done", "S"),
    ("in_progress", "A"),
    ("not_started", "C"),
    ("in_progress", "A"),
    ("na", "na"),
]

DIRECTIONS: list[str] = ["continue", "continue", "expand", "continue", "revise", "continue"]

# FY2025's reports, in turn: every state of the workflow, and drafts with and without text.
FY2025_STATES: list[str] = [
    "published",
    "approved",
    "submitted",
    "returned",
    "draft",
    "submitted",
    "approved",
    "draft-empty",
    "returned-resubmitted",
]
