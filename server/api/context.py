"""The caller of the current request, read once from the bearer token."""
from __future__ import annotations

from flask import g, request

from server.domain.errors import Unauthorized
from server.extensions import db
from server.services import auth
from server.services.scope import Principal


def current_principal(optional: bool = False) -> Principal | None:
    """The authenticated caller; raises Unauthorized unless optional."""
    if "principal" not in g:
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        g.principal = None
        if scheme.lower() == "bearer" and token.strip():
            g.principal = auth.principal_from_token(db.session, token.strip())
    if g.principal is None and not optional:
        raise Unauthorized("请先登录")
    return g.principal

