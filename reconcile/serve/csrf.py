"""Cross-site request forgery: every state-changing request carries the session's token.

A page served by us holds the token in its forms; a page of another site can make the browser
post to 127.0.0.1, but cannot read the token, and its Origin header names itself.
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit

from flask import Request, abort, session

FIELD = "csrf_token"


def token() -> str:
    """The session's token, made on first use."""
    if FIELD not in session:
        session[FIELD] = secrets.token_urlsafe(32)
    return session[FIELD]


def check(request: Request) -> None:
    """Abort with 403 unless the request carries the session's token and, when the browser
    says where it comes from, comes from this server."""
    origin = request.headers.get("Origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.host:
        abort(403, description=f"cross-origin request from {origin} refused")
    sent = request.form.get(FIELD, "")
    expected = session.get(FIELD)
    if not expected or not hmac.compare_digest(sent, expected):
        abort(403, description="missing or wrong CSRF token: reload the page and try again")
