"""The form of a department's 個票 proposal: the 個票's fields, the 年度別工程 of each year of
the plan, and the reason."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gyokaku.lib.text_fields import MultiLineField
from gyokaku.lib.wareki import wareki_fy
from gyokaku.plans.models import ItemSheet
from gyokaku.plans.planfile import SHEET_TEXT_MAX

TEXT_FIELDS = {
    "content": _("取組内容"),
    "situation": _("現状と課題"),
    "goal": _("目標"),
    "effect_fiscal": _("見込まれる効果（財政効果）"),
    "effect_other": _("見込まれる効果（その他の効果）"),
}


class SheetProposalForm(forms.Form):
    reason = MultiLineField(label=_("提案の理由（必須）"), max_length=2000)

    def __init__(
        self,
        *args: Any,
        years: list[int],
        sheet: ItemSheet | None,
        stages: dict[str, str],
        **kwargs: Any,
    ):
        initial: dict[str, Any] = {}
        if sheet is not None:
            initial |= {name: getattr(sheet, name) for name in TEXT_FIELDS}
            for fy in years:
                step = sheet.step(fy, stages)
                initial |= {f"stage_{fy}": step["stage"], f"text_{fy}": step["text"]}
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.years = years
        for name, label in TEXT_FIELDS.items():
            self.fields[name] = MultiLineField(
                label=label, required=False, max_length=SHEET_TEXT_MAX
            )
        for fy in years:
            self.fields[f"stage_{fy}"] = forms.ChoiceField(
                label=f"{wareki_fy(fy)}の工程",
                required=False,
                choices=[("", "—"), *stages.items()],
            )
            self.fields[f"text_{fy}"] = MultiLineField(
                label=f"{wareki_fy(fy)}の内容", required=False, max_length=SHEET_TEXT_MAX
            )

    def sheet(self) -> dict[str, Any]:
        """The proposal in the plan file's ``sheet`` shape."""
        data = self.cleaned_data
        out: dict[str, Any] = {name: data.get(name) or "" for name in TEXT_FIELDS}
        out["schedule"] = [
            {
                "fiscal_year": fy,
                "stage": data.get(f"stage_{fy}") or "",
                "text": data.get(f"text_{fy}") or "",
            }
            for fy in self.years
            if data.get(f"stage_{fy}") or data.get(f"text_{fy}")
        ]
        return out

    def year_rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [(wareki_fy(fy), self[f"stage_{fy}"], self[f"text_{fy}"]) for fy in self.years]

    def text_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in TEXT_FIELDS]
