from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gyokaku.lib.text_fields import LineField


class TokenCreateForm(forms.Form):
    name = LineField(
        label=_("名前（用途）"),
        required=False,
        max_length=100,
        help_text=_("どのスクリプトで使うかなど、あとで見分けるための名前です。"),
    )
