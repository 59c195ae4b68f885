"""Personal API tokens of the caller: list and revoke. Tokens are created by
`gyokaku token create USERNAME` and on the account page, where the raw token is shown once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema

from gyokaku.accounts.access import Actor
from gyokaku.accounts.api_auth import WRITE_AUTH, request_actor
from gyokaku.accounts.models import ApiToken, Role
from gyokaku.accounts.services import token_revoke
from gyokaku.lib.errors import Hidden
from gyokaku.web.api_answers import WRITE, answers

router = Router(tags=["tokens"])


class TokenOut(Schema):
    id: int
    prefix: str
    name: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None
    active: bool


def _token_out(token: ApiToken) -> dict[str, Any]:
    return {
        "id": token.pk,
        "prefix": token.prefix,
        "name": token.name,
        "created_at": token.created_at,
        "last_used_at": token.last_used_at,
        "revoked_at": token.revoked_at,
        "active": token.is_active,
    }


def tokens_for(actor: Actor) -> QuerySet[ApiToken]:
    """The tokens ``actor`` may manage: their own; an admin also those of their municipality."""
    if actor.user is None:
        return ApiToken.objects.none()
    own = ApiToken.objects.filter(user_id=actor.user.pk)
    if actor.role == Role.ADMIN and actor.municipality_id is not None:
        return own | ApiToken.objects.filter(user__profile__municipality_id=actor.municipality_id)
    return own


@router.get(
    "", response=answers(list[TokenOut], 401), auth=WRITE_AUTH, summary="The caller's API tokens"
)
def tokens_list(request: HttpRequest) -> list[dict[str, Any]]:
    actor = request_actor(request)
    mine = ApiToken.objects.filter(user_id=actor.user.pk).order_by("-created_at")
    return [_token_out(t) for t in mine]


@router.delete(
    "/{token_id}", response=answers(TokenOut, *WRITE), auth=WRITE_AUTH, summary="Revoke a token"
)
def tokens_revoke(request: HttpRequest, token_id: int) -> dict[str, Any]:
    actor = request_actor(request)
    token = tokens_for(actor).filter(pk=token_id).first()
    if token is None:
        raise Hidden(f"トークン {token_id} はありません")
    return _token_out(token_revoke(token=token, actor=actor))
