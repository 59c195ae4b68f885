"""Diagnostics: what the outline parser tells a person about their text, by line."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]

# str(OutlineError) has no file name to hand; "<outline>" reads like Python's "<stdin>".
DEFAULT_FILENAME = "<outline>"


@dataclass(frozen=True)
class Diagnostic:
    line: int  # 1-based line in the input; 0 when the problem has no line (a bad code string)
    message: str  # Japanese, for the people who wrote the text
    severity: Severity

    def format(self, filename: str) -> str:
        where = f"{filename}:{self.line}" if self.line > 0 else filename
        prefix = "警告: " if self.severity == "warning" else ""
        return f"{where}: {prefix}{self.message}"


class OutlineError(ValueError):
    """The text cannot be read as a plan. ``diagnostics`` holds the errors, then the warnings.

    A ValueError, so callers that treat any bad value alike need no special case.
    """

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        first = diagnostics[0].format(DEFAULT_FILENAME) if diagnostics else "outline error"
        super().__init__(first)


@dataclass
class DiagnosticLog:
    """Collects diagnostics while parsing; errors do not stop the parse, so all are reported."""

    errors: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)

    def error(self, line: int, message: str) -> None:
        self.errors.append(Diagnostic(line, message, "error"))

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(Diagnostic(line, message, "warning"))

    def raise_if_errors(self) -> None:
        if self.errors:
            ordered = sorted(self.errors, key=lambda d: d.line)
            raise OutlineError(ordered + sorted(self.warnings, key=lambda d: d.line))

    def sorted_warnings(self) -> list[Diagnostic]:
        return sorted(self.warnings, key=lambda d: d.line)
