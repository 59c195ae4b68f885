"""What every staff form shares."""

from __future__ import annotations

from typing import Any

from gyokaku.lib.errors import DomainError, Invalid


class DomainErrorsMixin:
    """Put a service's Invalid problems on the fields they name; anything else on the form."""

    def add_domain_error(self, exc: DomainError) -> None:
        form: Any = self
        if isinstance(exc, Invalid):
            for name, message in exc.problems.items():
                target = name.replace("ratings.", "rating_")
                form.add_error(target if target in form.fields else None, message)
        else:
            form.add_error(None, exc.message)
