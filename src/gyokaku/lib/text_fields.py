"""Free-text inputs built on the one rule of ``lib.text``: pydantic types for the API and plan
files, Django form fields for the staff pages (issue 18).

- ``LineStr`` / ``LineField``: single-line text (titles, names, labels, units): no control
  character at all, not even tab or newline.
- ``MultiLineStr`` / ``MultiLineField``: text of several lines (取組実績, 説明, 算出方法,
  comments): tab, LF and CR allowed, the other control characters not.

A refused value is a 422 (or a form error) that names the field and says which character is
at which position. The pydantic types also state the rule as a JSON Schema ``pattern``, so the
OpenAPI document says what is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from django import forms
from django.core.exceptions import ValidationError
from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, core_schema

from gyokaku.lib.text import LINE_PATTERN, TEXT_PATTERN, text_problem


@dataclass(frozen=True)
class _NoControls:
    """Pydantic metadata: refuse control characters after the string is validated."""

    multiline: bool

    def check(self, value: str) -> str:
        problem = text_problem(value, multiline=self.multiline)
        if problem:
            raise ValueError(problem)
        return value

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return core_schema.no_info_after_validator_function(self.check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        out = handler(schema)
        out["pattern"] = TEXT_PATTERN if self.multiline else LINE_PATTERN
        return out


LineStr = Annotated[str, _NoControls(multiline=False)]
MultiLineStr = Annotated[str, _NoControls(multiline=True)]


def validate_line(value: str) -> None:
    if problem := text_problem(value, multiline=False):
        raise ValidationError(problem, code="control_character")


def validate_multiline(value: str) -> None:
    if problem := text_problem(value, multiline=True):
        raise ValidationError(problem, code="control_character")


class LineField(forms.CharField):
    """A single-line text input that refuses control characters (and tab and newline)."""

    default_validators = [validate_line]


class MultiLineField(forms.CharField):
    """A textarea's text: tab and newlines allowed, the other control characters refused."""

    default_validators = [validate_multiline]
