"""API tokens of the signed-in user: list, create (the secret is shown once), revoke."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from greenledger.web.accounts import selectors, services
from greenledger.web.accounts.auth import BearerToken
from greenledger.web.accounts.models import ApiToken
from greenledger.web.contract.openapi import answers
from greenledger.web.contract.types import DbId, column
from greenledger.web.responses import Status

router = Router(tags=["tokens"], auth=BearerToken())


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class TokenIn(Schema):
    name: str = column(ApiToken, "name")


class TokenCreated(TokenOut):
    token: str


@router.get("", response=list[TokenOut], summary="My API tokens")
def list_tokens(request: HttpRequest) -> Any:
    return selectors.api_tokens_of(user=request.auth)  # type: ignore[attr-defined]


@router.post("", response={201: TokenCreated}, summary="Create an API token (shown once)")
def create_token(request: HttpRequest, payload: TokenIn) -> Any:
    issued = services.api_token_create(actor=request.auth, name=payload.name)  # type: ignore[attr-defined]
    record = issued.record
    return Status(
        201,
        {
            "id": record.id,
            "name": record.name,
            "prefix": record.prefix,
            "created_at": record.created_at,
            "last_used_at": record.last_used_at,
            "revoked_at": record.revoked_at,
            "token": issued.token,
        },
    )


@router.delete("/{int:token_id}", response={204: None}, summary="Revoke an API token")
@answers(drop=(403,))  # only the caller's own tokens are found; another's answers 404
def revoke_token(request: HttpRequest, token_id: DbId) -> Any:
    token = selectors.api_token_get(user=request.auth, pk=token_id)  # type: ignore[attr-defined]
    services.api_token_revoke(actor=request.auth, token=token)  # type: ignore[attr-defined]
    return Status(204, None)
