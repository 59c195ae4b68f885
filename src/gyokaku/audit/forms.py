"""The audit page's filter form."""

from __future__ import annotations

from django import forms


class AuditFilterForm(forms.Form):
    plan = forms.CharField(required=False, max_length=100)
    key = forms.CharField(required=False, max_length=200)
    fy = forms.IntegerField(required=False, min_value=1900, max_value=2999)
    action = forms.CharField(required=False, max_length=60)
    user = forms.CharField(required=False, max_length=150)
