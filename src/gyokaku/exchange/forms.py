"""Forms of the sheet pages: which file to download, the upload, and its confirmation.

They check the shape of the input only; ``gyokaku.exchange.sheets`` checks the file itself.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gyokaku.accounts.models import Department
from gyokaku.lib.wareki import fy_label
from gyokaku.plans.models import Plan

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # as lib.xlsxguard.Limits.max_file_bytes
SUFFIXES = (".xlsx", ".csv")
ENCODINGS = {"utf-8": "utf-8-sig", "cp932": "cp932"}  # what the page offers → what we write


class DownloadForm(forms.Form):
    fy = forms.TypedChoiceField(label=_("年度"), coerce=int)
    format = forms.ChoiceField(
        label=_("形式"),
        required=False,
        choices=[("xlsx", _("Excel（.xlsx）")), ("csv", "CSV")],
        widget=forms.RadioSelect,
    )
    encoding = forms.ChoiceField(
        label=_("CSV の文字コード"),
        required=False,
        choices=[("utf-8", _("UTF-8（BOM 付き）")), ("cp932", _("Shift_JIS（CP932）"))],
        widget=forms.RadioSelect,
    )
    sheet = forms.ChoiceField(
        label=_("CSV のシート"),
        required=False,
        choices=[
            ("progress", _("進捗（年度計画・取組状況・評価）")),
            ("indicators", _("指標（成果指標の実績）")),
            ("effects", _("財政効果")),
        ],
        widget=forms.RadioSelect,
    )
    department = forms.MultipleChoiceField(
        label=_("所管課"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fy"].choices = [(fy, fy_label(fy)) for fy in plan.fiscal_years]  # type: ignore[attr-defined]
        departments = Department.objects.filter(municipality_id=plan.municipality_id)
        self.fields["department"].choices = [  # type: ignore[attr-defined]
            (d.code, d.name) for d in departments.order_by("code")
        ]

    def clean_format(self) -> str:
        return str(self.cleaned_data["format"] or "xlsx")

    def clean_encoding(self) -> str:
        return ENCODINGS[self.cleaned_data["encoding"] or "utf-8"]

    def clean_sheet(self) -> str:
        return str(self.cleaned_data["sheet"] or "progress")


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("ファイル"),
        help_text=_("gyokaku からダウンロードして記入した .xlsx または .csv（20 MB まで）"),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("ファイルが大きすぎます（20 MB まで）"), code="too_large")
        if not str(upload.name).lower().endswith(SUFFIXES):
            raise forms.ValidationError(
                _(
                    "Excel ブック（.xlsx）か CSV（.csv）を選んでください。"
                    "マクロ付きのブック（.xlsm）や古い形式（.xls）は受け付けません"
                ),
                code="suffix",
            )
        return upload


class ConfirmForm(forms.Form):
    sha256 = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)
    changes = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)
