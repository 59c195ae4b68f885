"""Forms of the 目標値の変更提案 page: a department's proposal, the plan office's decision."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gyokaku.lib.text_fields import LineField, MultiLineField
from gyokaku.measures.target_models import TargetField, TargetSubject
from gyokaku.web.forms import DomainErrorsMixin

SUBJECTS = [(TargetSubject.INDICATOR.value, "成果指標"), (TargetSubject.EFFECT.value, "財政効果")]


class TargetProposalForm(DomainErrorsMixin, forms.Form):
    key = LineField(label=_("取組のキー（例: 2-1-01-3）"), max_length=100)
    subject = forms.ChoiceField(label=_("対象"), choices=SUBJECTS)
    position = forms.IntegerField(
        label=_("何番目の指標・財政効果か"), min_value=1, max_value=100, initial=1
    )
    field = forms.ChoiceField(label=_("変える項目"), choices=TargetField.choices)
    fiscal_year = forms.IntegerField(
        label=_("年度（年度の目標値・目標額のとき。西暦）"), required=False
    )
    value = LineField(label=_("提案する値（空欄: 値なし）"), required=False, max_length=40)
    reason = MultiLineField(
        label=_("提案の理由"), max_length=2000, widget=forms.Textarea({"rows": 3, "cols": 60})
    )

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "subject": data["subject"],
            "position": data["position"] - 1,  # people count from 1
            "field": data["field"],
            "fiscal_year": data["fiscal_year"],
            "value": data["value"],
            "reason": data["reason"],
        }

    def add_domain_error(self, exc: Any) -> None:
        problems = getattr(exc, "problems", None)
        if problems and "position" in problems:
            self.add_error("position", problems.pop("position"))
        if problems is not None and not problems:
            return
        super().add_domain_error(exc)


class ProposalDecisionForm(DomainErrorsMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("決定"), choices=[("accept", "採用する"), ("decline", "採用しない")]
    )
    comment = MultiLineField(
        label=_("コメント（採用しないときは必須）"),
        required=False,
        max_length=2000,
        widget=forms.Textarea({"rows": 2, "cols": 50}),
    )
