"""What each API operation may answer, for its OpenAPI ``responses``, in one place; and the
``If-Match`` header it reads, which ninja cannot see (web/versioned.py reads it from the request).

An operation lists its success schemas and the error statuses it can answer:
``response=answers({200: ProgressOut, 412: StaleOut}, *WRITE, *BODY, 409, 428)``. Every error
status has one schema here, the shape api.py and api_errors.py answer with, so the document
cannot drift from the answers (the schemathesis test checks every answer against it). An
operation that reads ``If-Match`` says so with ``openapi_extra=IF_MATCH_REQUIRED`` (or
``IF_MATCH_OPTIONAL``), and ``declare_if_match`` adds the header to the document.
"""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema


class ErrorOut(Schema):
    """Every error: a message for a person, in Japanese."""

    detail: str


class InvalidOut(ErrorOut):
    """422: what is wrong with each field (``ratings.status``, ``effects[0].kind``)."""

    problems: dict[str, str] = Field(description="{field: what is wrong with it}")


class StaleVersionOut(ErrorOut):
    """412 where the answer carries only the current version (a workflow move)."""

    current_version: int


ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,  # a body that is not JSON, a malformed If-Match
    401: ErrorOut,  # credentials needed, or a token unknown or revoked
    403: ErrorOut,  # the role may never do this, or CSRF missing
    404: ErrorOut,  # does not exist, or the caller may not know it exists
    409: ErrorOut,  # not now: the state, the round, the data
    412: StaleVersionOut,
    413: ErrorOut,  # a body over DATA_UPLOAD_MAX_MEMORY_SIZE (api_errors.py)
    422: InvalidOut,
    428: ErrorOut,  # If-Match missing
}

# The usual sets, spread into ``answers``:
READ = (401, 404)  # READ_AUTH: a bad token is a 401 even where anonymous may read
WRITE = (401, 403, 404, 422)  # WRITE_AUTH: who (401), role or CSRF (403), what (404)
BODY = (400, 413, 422)  # a JSON body: unreadable, too large, invalid
VERSIONED = (400, 412, 428)  # a PUT with If-Match (the 412 schema given by the operation)


def answers(ok: Any, *errors: int) -> dict[int, Any]:
    """``ok`` (a schema for 200, or ``{status: schema}``) and the error statuses, each with its
    schema; a status in ``ok`` keeps the schema given there (a 412 with the current record)."""
    declared: dict[int, Any] = {code: ERRORS[code] for code in sorted(set(errors))}
    declared.update(ok if isinstance(ok, dict) else {200: ok})
    return dict(sorted(declared.items()))


IF_MATCH_MARK = "x-gyokaku-if-match"
IF_MATCH_REQUIRED: dict[str, Any] = {IF_MATCH_MARK: True}
IF_MATCH_OPTIONAL: dict[str, Any] = {IF_MATCH_MARK: False}


def declare_if_match(schema: dict[str, Any]) -> dict[str, Any]:
    """Turn each operation's mark into an ``If-Match`` header parameter. ninja replaces, not
    extends, a ``parameters`` list given in ``openapi_extra``, so the mark stands in for it."""
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            if IF_MATCH_MARK not in operation:
                continue
            required = bool(operation.pop(IF_MATCH_MARK))
            operation.setdefault("parameters", []).append(
                {
                    "in": "header",
                    "name": "If-Match",
                    "required": required,
                    "description": 'the ETag you read, e.g. "3" ("0": the record does not exist '
                    "yet); "
                    + ("428 without it; " if required else "")
                    + "412 when it is no longer current",
                    "schema": {"type": "string", "pattern": '^(W/)?"[0-9]+"$'},
                }
            )
    return schema
