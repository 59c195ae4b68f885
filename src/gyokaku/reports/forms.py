"""The form that asks for a report: which fiscal year, which format."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gyokaku.lib.wareki import fy_label
from gyokaku.measures.page_selectors import default_fiscal_year
from gyokaku.plans.models import Plan
from gyokaku.reports.formats import FORMATS
from gyokaku.reports.parts import Edition


class GenerateForm(forms.Form):
    fiscal_year = forms.TypedChoiceField(label=gettext_lazy("年度"), coerce=int)
    edition = forms.ChoiceField(
        label=gettext_lazy("報告書の版"),
        widget=forms.RadioSelect,
        initial=Edition.PUBLIC.value,
        choices=[
            (
                Edition.PUBLIC.value,
                gettext_lazy("公表版（公表済みの取組状況だけ。市民への公表用）"),
            ),
            (
                Edition.INTERNAL.value,
                gettext_lazy("内部資料（未公表の取組状況を含む。庁内・委員会用）"),
            ),
        ],
    )
    format = forms.ChoiceField(label=gettext_lazy("形式"), widget=forms.RadioSelect, initial="pdf")

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["fiscal_year"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(fy, fy_label(fy)) for fy in plan.fiscal_years]
        field.initial = default_fiscal_year(plan)
        formats = self.fields["format"]
        assert isinstance(formats, forms.ChoiceField)
        formats.choices = [(f.code, f"{f.label}（{_(f.purpose)}）") for f in FORMATS.values()]
