from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gyokaku.accounts.models import Department, Role
from gyokaku.lib.text_fields import LineField
from gyokaku.web.forms import DomainErrorsMixin


class TokenCreateForm(forms.Form):
    name = LineField(
        label=_("名前（用途）"),
        required=False,
        max_length=100,
        help_text=_("どのスクリプトで使うかなど、あとで見分けるための名前です。"),
    )


class PersonForm(DomainErrorsMixin, forms.Form):
    """A person of the municipality as the plan office registers them."""

    username = forms.RegexField(
        label=_("ログイン名"),
        max_length=150,
        regex=r"^[A-Za-z0-9@.+_-]+$",
        help_text=_("半角英数字と @ . + - _ 。ログインに使い、あとから変えられません。"),
        error_messages={"invalid": _("ログイン名は半角英数字と @ . + - _ で入力してください")},
    )
    full_name = LineField(label=_("氏名"), max_length=150, required=False)
    email = forms.EmailField(label=_("メールアドレス"), required=False)
    role = forms.ChoiceField(label=_("役割"), choices=Role.choices)
    departments = forms.ModelMultipleChoiceField(
        label=_("所管課"),
        queryset=Department.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("所管課担当者は 1 つ以上選びます。"),
    )

    def __init__(
        self, *args: Any, departments: list[Department], roles: list[str], editing: bool, **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        field = self.fields["departments"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Department.objects.filter(pk__in=[d.pk for d in departments])
        role = self.fields["role"]
        assert isinstance(role, forms.ChoiceField)
        role.choices = [(value, label) for value, label in Role.choices if value in roles]
        if editing:
            self.fields["username"].disabled = True


class DepartmentForm(DomainErrorsMixin, forms.Form):
    code = LineField(
        label=_("所管課コード"),
        max_length=30,
        help_text=_("既存のコードを入れると、その課の名称を変更します。"),
    )
    name = LineField(label=_("名称"), max_length=100)
