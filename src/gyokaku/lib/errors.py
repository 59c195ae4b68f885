"""Domain errors that every door (page, API, command) turns into its own kind of answer.

Each carries a message for a person (Japanese) and the HTTP status the API uses for it.
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
