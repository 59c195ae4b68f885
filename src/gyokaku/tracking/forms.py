"""Forms of the staff pages. They check the shape of the input; the services check the rules
(who, when, which state) and say why in Japanese."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gyokaku.accounts.models import Department
from gyokaku.lib.text_fields import MultiLineField
from gyokaku.lib.wareki import fy_label
from gyokaku.plans.models import Plan
from gyokaku.tracking.limits import MAX_TEXT
from gyokaku.tracking.models import REPORT_FORM_FIELDS, Direction, RatingScale, State
from gyokaku.web.forms import DomainErrorsMixin

TEXTAREA = {"rows": 5, "cols": 60}


# Who confirms at a chain step, in the order a chain runs (tracking.chain.STEP_ROLES).
STEP_ROLE_CHOICES = [
    ("chief", _("課長（取組の所管課の課長）")),
    ("director", _("部長（所管課が属する部の部長）")),
    ("coordinator", _("計画担当（最後の段階）")),
]


class ReportForm(DomainErrorsMixin, forms.Form):
    """取組状況の編集. ``fields`` are the service field names the person may write now."""

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    result_text = MultiLineField(
        label=_("取組実績"), required=False, max_length=MAX_TEXT, widget=forms.Textarea(TEXTAREA)
    )
    issues_text = MultiLineField(
        label=_("課題"), required=False, max_length=MAX_TEXT, widget=forms.Textarea(TEXTAREA)
    )
    next_plan_text = MultiLineField(
        label=_("次年度の予定"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(TEXTAREA),
    )
    direction = forms.ChoiceField(
        label=_("今後の方向性"), required=False, choices=Direction.choices
    )
    committee_opinion = MultiLineField(
        label=_("委員会意見"), required=False, max_length=MAX_TEXT, widget=forms.Textarea(TEXTAREA)
    )

    def __init__(
        self,
        *args: Any,
        scales: list[RatingScale],
        fields: set[str],
        directions: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.scales, self.allowed, self.directions = scales, fields, directions
        if directions is not None:  # the plan's 方向性 list (ReportPage.directions)
            self.fields["direction"].choices = [("", "—"), *directions.items()]  # type: ignore[attr-defined]
        for scale in scales if "ratings" in fields else []:
            choices = [("", _("未評価")), *((v.code, _value_text(v)) for v in scale.values.all())]
            self.fields[f"rating_{scale.code}"] = forms.ChoiceField(
                label=scale.name, required=False, choices=choices
            )
        for name in REPORT_FORM_FIELDS:
            if name not in fields:
                del self.fields[name]

    @property
    def labels(self) -> dict[str, str]:
        return {name: str(f.label) for name, f in self.fields.items()}

    def posted(self) -> dict[str, str]:
        """The page fields that were sent, as {page field: text}, newlines as the service keeps."""
        return {
            name: str(value).replace("\r\n", "\n")
            for name, value in self.cleaned_data.items()
            if name != "version" and name in self.data
        }

    def report_data(self) -> dict[str, Any]:
        """What to give ``progress_update``: only the fields that were sent, ratings as a dict."""
        data: dict[str, Any] = {}
        ratings: dict[str, str] = {}
        for name, value in self.posted().items():
            if name.startswith("rating_"):
                ratings[name.removeprefix("rating_")] = value
            else:
                data[name] = value
        if ratings:
            data["ratings"] = ratings
        return data

    def with_version(self, version: int) -> ReportForm:
        """The same input, now based on ``version`` (after a stale save: save again to merge)."""
        data = {**{name: self.data[name] for name in self.data}, "version": str(version)}
        return ReportForm(data, scales=self.scales, fields=self.allowed, directions=self.directions)


def _value_text(value: Any) -> str:
    return (
        f"{value.label}（{value.description}）"
        if value.description and value.description != value.label
        else value.label
    )


class YearPlanForm(DomainErrorsMixin, forms.Form):
    """年度計画の編集."""

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    stage = forms.ChoiceField(label=_("工程"), required=False)
    text = MultiLineField(
        label=_("計画内容"), required=False, max_length=MAX_TEXT, widget=forms.Textarea(TEXTAREA)
    )

    def __init__(self, *args: Any, stages: dict[str, str], **kwargs: Any) -> None:
        """``stages``: the plan's 工程 (``Plan.stage_labels``, with a saved code no longer
        listed, so that saving the text keeps it)."""
        super().__init__(*args, **kwargs)
        self.stages = stages
        self.fields["stage"].choices = [("", "—"), *stages.items()]  # type: ignore[attr-defined]

    def data_for_service(self) -> dict[str, Any]:
        return {
            "stage": self.cleaned_data["stage"],
            "text": self.cleaned_data["text"].replace("\r\n", "\n"),
        }

    def with_version(self, version: int) -> YearPlanForm:
        data = {**{name: self.data[name] for name in self.data}, "version": str(version)}
        return YearPlanForm(data, stages=self.stages)


class MoveForm(forms.Form):
    action = forms.CharField(max_length=20)
    comment = MultiLineField(required=False, max_length=2000)
    to_step = forms.CharField(max_length=30, required=False)  # a return in an approval chain
    version = forms.IntegerField(min_value=1, required=False)


class ChainBulkForm(forms.Form):
    """A bulk move on the 承認待ち page: which items, which move, and for a return its reason
    and where to."""

    report = forms.TypedMultipleChoiceField(coerce=int, required=False)
    action = forms.ChoiceField(
        choices=[("confirm", "確認"), ("approve", "承認"), ("return", "差戻し")]
    )
    comment = MultiLineField(required=False, max_length=2000)
    to_step = forms.CharField(max_length=30, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # any number may be sent; the service checks each one (and says which it does not know)
        picked = self.data.getlist("report") if hasattr(self.data, "getlist") else []
        self.fields["report"].choices = [(v, v) for v in picked if str(v).isdigit()]  # type: ignore[attr-defined]


class RoundOpenForm(DomainErrorsMixin, forms.Form):
    fiscal_year = forms.TypedChoiceField(label=_("年度"), coerce=int)
    deadline = forms.DateField(
        label=_("締切日"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = [(fy, fy_label(fy)) for fy in plan.fiscal_years]  # type: ignore[attr-defined]


class NodeDepartmentsForm(DomainErrorsMixin, forms.Form):
    departments = forms.ModelMultipleChoiceField(
        label=_("所管課"),
        queryset=Department.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["departments"]
        field.queryset = Department.objects.filter(municipality_id=plan.municipality_id)  # type: ignore[attr-defined]
        field.error_messages["invalid_choice"] = _("選べない所管課です（%(value)s）")
        field.error_messages["invalid_pk_value"] = _("選べない所管課です（%(pk)s）")


class ReasonForm(forms.Form):
    reason = MultiLineField(label=_("再開の理由"), max_length=500)


class ReviewFilterForm(forms.Form):
    """GET filters of the review queue; unknown values are ignored (an empty filter)."""

    department = forms.CharField(required=False, max_length=30)
    bureau = forms.CharField(required=False, max_length=30)  # 部
    pillar = forms.CharField(required=False, max_length=200)
    state = forms.ChoiceField(required=False, choices=[("", ""), *State.choices])
    fy = forms.IntegerField(required=False, min_value=1900, max_value=2999)


CHAIN_ROWS = 6  # steps on the chain page; a city's chain has two to four


class ChainStepForm(forms.Form):
    """One step of the approval chain as the plan office sets it on screen (blank: none)."""

    code = forms.CharField(label=_("コード"), max_length=30, required=False)
    name = forms.CharField(label=_("名称"), max_length=50, required=False)
    role = forms.ChoiceField(
        label=_("確認する人"),
        required=False,
        choices=[("", "—"), *((role, label) for role, label in STEP_ROLE_CHOICES)],
    )

    def is_blank(self) -> bool:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return not any(str(data.get(k) or "").strip() for k in ("code", "name", "role"))


ChainStepFormSet = forms.formset_factory(
    ChainStepForm, extra=0, max_num=CHAIN_ROWS, validate_max=True, absolute_max=CHAIN_ROWS
)
