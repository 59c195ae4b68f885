"""Forms of the dashboard (year and unit) and of the measures on the report page.

The report page edits one fiscal year of a node's indicators (targets and actuals of that
year, and the definitions) and its fiscal effects of that year. The services replace the
whole list, so ``merged_indicators`` / ``merged_effects`` rebuild it from what is saved and
what the person may write: fields they may not write are not in the form and keep their saved
value; other years' targets and actuals are kept as saved.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gyokaku.lib.amounts import UNITS
from gyokaku.lib.text_fields import LineField, MultiLineField
from gyokaku.lib.wareki import fy_label
from gyokaku.measures.limits import MAX_EFFECT_ROWS, MAX_NOTE, value_problem, yen_problem
from gyokaku.measures.models import EffectKind, IndicatorDirection, IndicatorFormula
from gyokaku.plans.models import Plan
from gyokaku.web.forms import DomainErrorsMixin

DASHBOARD_UNITS = [("thousand", _("千円")), ("million", _("百万円"))]


class DashboardForm(forms.Form):
    """GET filters of a dashboard. A value that is not offered is ignored (the default)."""

    fy = forms.TypedChoiceField(label=_("年度"), coerce=int)
    unit = forms.ChoiceField(label=_("金額の単位"), choices=DASHBOARD_UNITS, required=False)

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fy"].choices = [(fy, fy_label(fy)) for fy in plan.fiscal_years]  # type: ignore[attr-defined]

    def choice(self, default_fy: int) -> tuple[int, str]:
        fy = self.cleaned_data.get("fy") if self.is_valid() else None
        unit = self.cleaned_data.get("unit") if self.is_valid() else None
        return fy or default_fy, unit if unit in UNITS else "thousand"


def _plain(value: str) -> str:
    """Full-width digits, commas and the 財政 minus signs (△ ▲) as a parser reads them."""
    text = unicodedata.normalize("NFKC", value).strip().replace(",", "")
    for minus in ("△", "▲", "−"):
        text = text.replace(minus, "-")
    return text.removesuffix("円").strip()


class NumberField(forms.DecimalField):
    """A decimal typed as people type it: ``1,234.5``, ``１２３``, ``△5``; within the range
    of measures.limits (the service checks it too; here it is said at the field)."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        return super().to_python(_plain(value) if isinstance(value, str) else value)

    def validate(self, value: Any) -> None:
        super().validate(value)
        problem = value_problem(value) if value is not None else None
        if problem:
            raise ValidationError(problem, code="range")


class YenField(forms.IntegerField):
    """Integer yen, typed as people type it: ``12,345,000``, ``△5,000``, ``１０００円``; within
    the range of measures.limits."""

    def to_python(self, value: Any) -> int | None:
        return super().to_python(_plain(value) if isinstance(value, str) else value)

    def validate(self, value: Any) -> None:
        super().validate(value)
        problem = yen_problem(value) if value is not None else None
        if problem:
            raise ValidationError(problem, code="range")


# Text inputs, not type=number: people type 12,345,000 and △5, which a number input refuses.
NUMBER = forms.TextInput({"inputmode": "decimal", "size": 14})
YEAR = forms.TextInput({"inputmode": "numeric", "size": 6})


def _number(label: Any) -> NumberField:
    return NumberField(label=label, required=False, widget=NUMBER)


def _year(label: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, required=False, min_value=1900, max_value=2200, widget=YEAR
    )


DEFINITION_FIELDS = (
    "name",
    "unit",
    "direction",
    "formula",
    "baseline_value",
    "baseline_fy",
    "target",
    "final_target_value",
    "final_target_fy",
)


TARGET_FIELDS = ("baseline_value", "baseline_fy", "target", "final_target_value", "final_target_fy")


class IndicatorRowForm(forms.Form):
    """One indicator: its definition, this year's target and this year's actual."""

    name = LineField(label=_("指標名"), required=False, max_length=200)
    unit = LineField(label=_("単位"), required=False, max_length=30)
    direction = forms.ChoiceField(
        label=_("方向"), choices=IndicatorDirection.choices, initial="higher"
    )
    formula = forms.ChoiceField(
        label=_("算出方法"),
        choices=IndicatorFormula.choices,
        initial=IndicatorFormula.AUTO,
        required=False,  # a form without it (an older page) keeps the default
    )
    baseline_value = _number(_("基準値"))
    baseline_fy = _year(_("基準年度"))
    target = _number(_("この年度の目標値"))
    final_target_value = _number(_("最終目標値"))
    final_target_fy = _year(_("最終目標年度"))
    actual = _number(_("この年度の実績値"))

    def __init__(
        self, *args: Any, can_define: bool, can_actual: bool, can_target: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for name in DEFINITION_FIELDS if not can_define else ():
            del self.fields[name]
        for name in TARGET_FIELDS if can_define and not can_target else ():
            del self.fields[name]  # baselines and targets: the plan office's (target_record)
        if not can_actual:
            del self.fields["actual"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "name" in self.fields and not data.get("name") and self.has_changed():
            self.add_error("name", _("指標名を入力してください"))
        return data


class EffectRowForm(forms.Form):
    """One fiscal effect of the year: kind, target and actual in yen, how it was calculated."""

    kind = forms.ChoiceField(
        label=_("区分"), required=False, choices=[("", "—"), *EffectKind.choices]
    )
    target_yen = YenField(label=_("目標額（円）"), required=False, widget=NUMBER)
    actual_yen = YenField(label=_("実績額（円）"), required=False, widget=NUMBER)
    note = MultiLineField(
        label=_("算出方法"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea({"rows": 2, "cols": 50}),
    )

    def __init__(
        self, *args: Any, can_define: bool, can_actual: bool, can_target: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for name in ("kind", "target_yen", "note") if not can_define else ():
            del self.fields[name]
        if can_define and not can_target:
            del self.fields["target_yen"]
        if not can_actual:
            del self.fields["actual_yen"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "kind" in self.fields and not data.get("kind") and self.has_changed():
            self.add_error("kind", _("区分を選んでください"))
        return data


class MeasuresFormSet(DomainErrorsMixin, forms.BaseFormSet):  # type: ignore[type-arg]
    """A formset with the version it was opened at (``version`` in the management data)."""

    def __init__(
        self,
        *args: Any,
        version: int,
        can_define: bool,
        can_actual: bool,
        can_target: bool = False,
        ask_reason: bool = False,
        **kwargs: Any,
    ) -> None:
        kwargs["form_kwargs"] = {
            "can_define": can_define,
            "can_actual": can_actual,
            "can_target": can_target,
        }
        super().__init__(*args, **kwargs)
        self.version, self.can_define = version, can_define
        # the plan office after adoption: a changed target needs 変更の理由 (target_record)
        self.can_target, self.ask_reason = can_target, ask_reason
        if not can_define:  # rows are plan data: no blank row to add one, no delete box
            self.extra, self.can_delete = 0, False

    @property
    def reason(self) -> str:
        """変更の理由, sent beside the rows as ``<prefix>-REASON``."""
        return str(self.data.get(f"{self.prefix}-REASON", "") or "").replace("\r\n", "\n")

    @property
    def posted_version(self) -> int | None:
        try:
            return int(self.data.get(f"{self.prefix}-VERSION", ""))
        except ValueError:
            return None

    def clean(self) -> None:
        super().clean()
        if self.posted_version is None:
            raise ValidationError(_("版がわかりません。画面を読み込み直してから入力してください。"))

    def add_domain_error(self, exc: Any) -> None:
        problems = getattr(exc, "problems", None) or {"": exc.message}
        self._non_form_errors = self.error_class(
            [*self.non_form_errors(), *(f"{k}: {v}" if k else v for k, v in problems.items())]
        )

    def rows(self) -> list[tuple[int, dict[str, Any]]]:
        """(index, cleaned data) of the rows to keep: not deleted, not an untouched blank."""
        kept = []
        for i, form in enumerate(self.forms):
            if self.can_delete and self._should_delete_form(form):  # type: ignore[attr-defined]
                continue
            if i >= self.initial_form_count() and not form.has_changed():
                continue
            kept.append((i, form.cleaned_data))
        return kept


IndicatorFormSet = forms.formset_factory(
    IndicatorRowForm, formset=MeasuresFormSet, extra=1, can_delete=True, max_num=50
)
EffectFormSet = forms.formset_factory(
    EffectRowForm, formset=MeasuresFormSet, extra=1, can_delete=True, max_num=MAX_EFFECT_ROWS
)


def _shown(value: Decimal | int | None) -> str | None:
    """How a saved number reads in an input: 37.0000 → "37", -20459000 → "△20,459,000"."""
    if value is None:
        return None
    if isinstance(value, int):
        return f"△{-value:,}" if value < 0 else f"{value:,}"
    return f"{value.normalize():f}"


def indicator_initial(saved: list[dict[str, Any]], fiscal_year: int) -> list[dict[str, Any]]:
    return [
        {
            "name": item["name"],
            "unit": item["unit"],
            "direction": item["direction"],
            "formula": item["formula"],
            "baseline_value": _shown(item["baseline"]["value"]),
            "baseline_fy": item["baseline"]["fy"],
            "target": _shown(item["targets"].get(fiscal_year)),
            "final_target_value": _shown(item["final_target"]["value"]),
            "final_target_fy": item["final_target"]["fy"],
            "actual": _shown(item["actuals"].get(fiscal_year)),
        }
        for item in saved
    ]


def _set_year(values: dict[int, Decimal], fiscal_year: int, value: Any) -> dict[int, Any]:
    out = {fy: v for fy, v in values.items() if fy != fiscal_year}
    if value is not None:
        out[fiscal_year] = value
    return dict(sorted(out.items()))


def merged_indicators(
    formset: MeasuresFormSet, saved: list[dict[str, Any]], fiscal_year: int
) -> list[dict[str, Any]]:
    """The node's whole indicator list after this form: what indicators_update receives."""
    out = []
    for i, row in formset.rows():
        old = saved[i] if i < len(saved) else None
        item = _indicator_from_row(row, old) if "name" in row else dict(old or {})
        if not item:
            continue
        if "target" in row:
            item["targets"] = _set_year(item["targets"], fiscal_year, row["target"])
        if "actual" in row:
            item["actuals"] = _set_year(item["actuals"], fiscal_year, row["actual"])
        out.append(item)
    if not formset.can_define:  # rows can be neither added nor removed: keep any not shown
        out += saved[len(out) :]
    return out


def _indicator_from_row(row: dict[str, Any], old: dict[str, Any] | None) -> dict[str, Any]:
    def kept(field: str, group: str, part: str) -> Any:
        # a field not on the form (a target, for a department) keeps its saved value
        return row[field] if field in row else (old[group][part] if old else None)

    return {
        "name": row["name"],
        "unit": row["unit"],
        "direction": row["direction"],
        "formula": row.get("formula") or IndicatorFormula.AUTO,
        "baseline": {
            "value": kept("baseline_value", "baseline", "value"),
            "fy": kept("baseline_fy", "baseline", "fy"),
        },
        "final_target": {
            "value": kept("final_target_value", "final_target", "value"),
            "fy": kept("final_target_fy", "final_target", "fy"),
        },
        "targets": dict(old["targets"]) if old else {},
        "actuals": dict(old["actuals"]) if old else {},
    }


def merged_effects(formset: MeasuresFormSet, saved: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The year's whole effect list after this form: what effects_update receives."""
    out = []
    for i, row in formset.rows():
        old = saved[i] if i < len(saved) else {"actual_yen": None}
        item = {k: row.get(k, old.get(k)) for k in ("kind", "target_yen", "actual_yen", "note")}
        item["note"] = (item["note"] or "").replace("\r\n", "\n")
        out.append(item)
    if not formset.can_define:
        out += saved[len(out) :]
    return out


def indicator_formset(measures: Any, data: Any = None) -> MeasuresFormSet | None:
    """The report page's indicator form for ``measures`` (a ReportMeasures), or None."""
    if not measures.editable:
        return None
    saved = [line.data for line in measures.indicators]
    return cast(type[MeasuresFormSet], IndicatorFormSet)(
        data,
        initial=indicator_initial(saved, measures.fiscal_year),
        prefix="indicators",
        version=measures.indicator_version,
        can_define=measures.can_define,
        can_actual=measures.can_enter_actuals,
        can_target=measures.can_target,
        ask_reason=measures.can_target and measures.targets_adopted,
    )


def effect_formset(measures: Any, data: Any = None) -> MeasuresFormSet | None:
    if not measures.editable:
        return None
    initial = [
        {
            "kind": e["kind"],
            "target_yen": _shown(e["target_yen"]),
            "actual_yen": _shown(e["actual_yen"]),
            "note": e["note"],
        }
        for e in measures.effects
    ]
    return cast(type[MeasuresFormSet], EffectFormSet)(
        data,
        initial=initial,
        prefix="effects",
        version=measures.effect_version,
        can_define=measures.can_define,
        can_actual=measures.can_enter_actuals,
        can_target=measures.can_target,
        ask_reason=measures.can_target and measures.targets_adopted,
    )
