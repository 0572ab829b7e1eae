"""Web stage: who may talk to the server, and what the browser may do with its pages.

Loopback by default; another address needs a token (``--token``, or one generated and printed).
The token arrives once in the URL (``?token=``), is swapped for an HttpOnly SameSite=Strict
cookie and a redirect to the same URL without it; scripts and other clients send it as
``Authorization: Bearer`` or ``X-Storyline-Token``. Edits are POSTs with a JSON body, a custom
header and, when the browser sends one, an ``Origin`` equal to the server's own, so a page on
another site can neither forge a form post nor send the request without a CORS preflight, which
this server never grants. Every response carries a Content-Security-Policy admitting only the
server's own stylesheets and scripts: article text that slipped through escaping still could not
run or load anything.
"""
from __future__ import annotations

import hmac
import ipaddress
import secrets
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

COOKIE = "storyline_token"
TOKEN_HEADER = "x-storyline-token"
EDIT_HEADER = "x-storyline-edit"  # a custom header: cross-site requests carrying it need a preflight
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1", "[::1]")
CSP = ("default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
           "X-Frame-Options": "DENY", "Cross-Origin-Opener-Policy": "same-origin"}
RAW_HEADERS = tuple((k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in HEADERS.items())


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def new_token() -> str:
    return secrets.token_urlsafe(24)


def _presented(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return request.headers.get(TOKEN_HEADER) or request.cookies.get(COOKIE)


def _same(a: str | None, b: str) -> bool:
    return a is not None and hmac.compare_digest(a.encode(), b.encode())


def _host_only(host_header: str) -> str:
    if host_header.startswith("["):
        return host_header.split("]")[0] + "]"
    return host_header.rsplit(":", 1)[0] if host_header.count(":") == 1 else host_header


def guard(token: str | None, allowed_hosts: tuple[str, ...] | None) -> Callable:
    """An ASGI middleware factory enforcing the host list, the token and the edit rules, and dressing
    every answer with the security headers. It is plain ASGI (no request task or stream per call):
    it runs on every request, kept answers included."""

    def wrap(app: Callable) -> Callable:
        async def middleware(scope: dict[str, Any], receive: Callable, send: Callable) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            refusal = _refusal(Request(scope), token, allowed_hosts)
            if refusal is not None:
                await _secure(refusal)(scope, receive, send)
                return

            async def dressed(message: dict[str, Any]) -> None:
                if message["type"] == "http.response.start":
                    present = {k.lower() for k, _ in message.get("headers", [])}
                    message = {**message, "headers": [*message.get("headers", []),
                                                      *(h for h in RAW_HEADERS if h[0] not in present)]}
                await send(message)

            await app(scope, receive, dressed)

        return middleware

    return wrap


def _refusal(request: Request, token: str | None, allowed_hosts: tuple[str, ...] | None) -> Response | None:
    """The answer refusing ``request`` (or swapping its URL token for a cookie); None lets it through."""
    host = request.headers.get("host", "")
    if allowed_hosts and _host_only(host) not in allowed_hosts:
        # a page on another site resolving its own name to 127.0.0.1 (DNS rebinding) lands here
        return PlainTextResponse("unknown host", status_code=400)
    if token is not None:
        given = request.query_params.get("token")
        if given is not None and _same(given, token) and request.method == "GET":
            rest = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "token"])
            target = request.url.path + ("?" + rest if rest else "")
            response = RedirectResponse(target, status_code=303)
            response.set_cookie(COOKIE, token, httponly=True, samesite="strict")
            return response
        if not _same(_presented(request), token):
            return PlainTextResponse(
                "a token is needed: open the address `storyline serve` printed (it ends in ?token=...)",
                status_code=401)
    if request.method not in ("GET", "HEAD"):
        refusal = _check_edit(request, host)
        if refusal:
            return PlainTextResponse(refusal, status_code=403)
    return None


def _check_edit(request: Request, host: str) -> str | None:
    if request.headers.get(EDIT_HEADER) != "1":
        return f"edits need the {EDIT_HEADER} header"
    if not request.headers.get("content-type", "").startswith("application/json"):
        return "edits need a JSON body"
    origin = request.headers.get("origin")
    if origin and origin.split("://", 1)[-1] != host:
        return "edits must come from this server's own pages"
    return None


def _secure(response: Response) -> Response:
    for k, v in HEADERS.items():
        response.headers.setdefault(k, v)
    return response
