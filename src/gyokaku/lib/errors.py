"""Domain errors that every door (page, API, command) turns into its own kind of answer.

Each carries a message for a person (Japanese) and the HTTP status the API uses for it. A
``Reason`` is the same message before it is raised: what a permission rule returns.
"""

from __future__ import annotations


class DomainError(Exception):
    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Refused(DomainError):
    """The caller's role may never do this (403)."""

    status = 403


class Hidden(DomainError):
    """The caller may not know this exists (404)."""

    status = 404


class Conflict(DomainError):
    """Not now: the state, the round or the data forbid it (409); the message says why."""

    status = 409


class Stale(DomainError):
    """The record changed since the caller read it (412)."""

    status = 412

    def __init__(self, message: str, *, current_version: int) -> None:
        super().__init__(message)
        self.current_version = current_version


class Invalid(DomainError):
    """Bad input; ``problems`` maps a field to what is wrong with it (422)."""

    status = 422

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))
        self.problems = problems


class Reason(str):
    """Why an actor may not do something, as a rule (``can_…`` in an app's ``rules.py``) says:
    the message for a person, and the error a service raises with it (``enforce``). A page
    that only asks tests ``rule(…) is None``; the reason reads as the message it is."""

    error: type[Refused | Hidden | Conflict]

    def __new__(cls, error: type[Refused | Hidden | Conflict], message: str) -> Reason:
        if not message:  # a reason is truthy: `if reason := can_…(…)` reads as "if refused"
            raise ValueError("a Reason needs a message")
        reason = super().__new__(cls, message)
        reason.error = error
        return reason

    @property
    def status(self) -> int:
        return self.error.status

    def as_error(self) -> DomainError:
        return self.error(str(self))


def enforce(reason: Reason | None) -> None:
    """Raise what ``reason`` says, if anything: how a service applies a rule."""
    if reason is not None:
        raise reason.as_error()
