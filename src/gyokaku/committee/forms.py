"""Forms of the committee pages: they check the shape of the input; the services check who may
write what, and when."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gyokaku.committee.services import TEXT_LIMIT
from gyokaku.lib.text_fields import LineField, MultiLineField
from gyokaku.lib.wareki import fy_label
from gyokaku.plans.models import Plan
from gyokaku.web.forms import DomainErrorsMixin

TEXTAREA = {"rows": 5, "cols": 60}


class ShareForm(DomainErrorsMixin, forms.Form):
    """委員会への共有: the year and the meeting it is for."""

    fiscal_year = forms.TypedChoiceField(label=_("年度"), coerce=int)
    meeting_name = LineField(label=_("会議名"), required=False, max_length=200)
    meeting_date = forms.DateField(
        label=_("会議の日"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["fiscal_year"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(fy, fy_label(fy)) for fy in plan.fiscal_years]


class OpinionForm(DomainErrorsMixin, forms.Form):
    text = MultiLineField(label=_("意見"), max_length=TEXT_LIMIT, widget=forms.Textarea(TEXTAREA))


class ReplyForm(DomainErrorsMixin, forms.Form):
    reply = MultiLineField(
        label=_("対応"), required=False, max_length=TEXT_LIMIT, widget=forms.Textarea(TEXTAREA)
    )
