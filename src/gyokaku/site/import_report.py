"""What an import did or, in a dry run, would do: changes by kind of row and, per item, what
happens to it and to its data (追加・廃止・統合・番号変更・変更なし, with the records kept)."""

from __future__ import annotations

from dataclasses import dataclass, field

VERBS = {
    "create": "追加",
    "update": "更新",
    "delete": "削除",
    "end": "終了",
    "renumber": "番号変更",
}


def records_text(reports: int, effects: int, indicator_values: int) -> str:
    """取組状況 2 件・効果額 3 件・指標の値 4 件, leaving out what is none ("" for nothing)."""
    counts = (("取組状況", reports), ("効果額", effects), ("指標の値", indicator_values))
    return "・".join(f"{name} {n:,} 件" for name, n in counts if n)


@dataclass
class Change:
    action: str  # "create" | "update" | "delete" | "end" | "renumber"
    what: str  # "plan" | "level" | "node" | "municipality"
    target: str  # slug, depth or key
    fields: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        detail = f"（{', '.join(self.fields)}）" if self.fields else ""
        return f"{VERBS[self.action]} {self.what} {self.target}{detail}"


@dataclass
class ItemOutcome:
    """One item of the plan in an import: what happens to it and how much data it keeps."""

    action: str  # "add" | "end" | "renumber" | "update" | "keep" | "delete"
    number: str  # as printed, after the import (before it, for an item ended or deleted)
    title: str
    what: str  # 追加 / 廃止（令和8年度から） / 統合→… / 番号変更 … / 変更なし
    reports: int = 0
    effects: int = 0
    indicator_values: int = 0
    key: str = ""  # the key after the import (for links)

    @property
    def kept(self) -> str:
        """取組状況 2 件・効果額 3 件・指標の値 4 件 (what stays with the item)."""
        return records_text(self.reports, self.effects, self.indicator_values)

    def __str__(self) -> str:
        kept = f"　{self.kept}を保持" if self.kept else ""
        return f"{self.what}　{self.number} {self.title}{kept}"


@dataclass
class ImportReport:
    slug: str
    dry_run: bool
    changes: list[Change]
    node_count: int
    items: list[ItemOutcome] = field(default_factory=list)
    version_label: str = ""  # 改定 第1版 (令和8年度から), when the import makes a version

    def count(self, action: str, what: str = "node") -> int:
        return sum(1 for c in self.changes if c.action == action and c.what == what)

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    def summary(self) -> str:
        head = "（試行）" if self.dry_run else ""
        extra = "".join(
            f"、{VERBS[action]} {n}" for action in ("end", "renumber") if (n := self.count(action))
        )
        version = f"（{self.version_label}）" if self.version_label else ""
        return (
            f"{head}計画 {self.slug}{version}: 取組方策 {self.node_count} 件 — "
            f"追加 {self.count('create')}、更新 {self.count('update')}、"
            f"削除 {self.count('delete')}{extra}"
            f"{'' if self.changed else '（変更なし）'}"
        )
