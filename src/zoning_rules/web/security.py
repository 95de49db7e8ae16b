"""What stands between the network and the checker: headers, hosts, the token, body size.

Plain ASGI middleware, so each piece is small and applies to every route (static files included):
- ``SecurityHeaders``: a Content-Security-Policy without inline scripts on every response
  (pages of our own get no inline styles either; the officer's report brings its stylesheet, so
  its page allows inline styles and nothing else more), no sniffing, no framing, no referrer,
  nothing cached.
- ``HostCheck``: on the loopback, only loopback Host headers (a page elsewhere cannot reach the
  server through DNS rebinding).
- ``TokenAuth``: off the loopback every request carries the token — ``Authorization: Bearer``, or
  once as ``?token=`` which becomes an HttpOnly, SameSite=Strict cookie.
- ``BodyLimit``: a request body larger than the upload limit is cut off with 413, whether it
  announces its length or streams.
"""
from __future__ import annotations

import hmac
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, urlencode

#: Pages of our own: scripts, styles, images only from the package, forms only to us.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
#: The report page: the reporter's document carries its own <style> (and the site-plan SVG its
#: style attributes) — styles may be inline there; scripts still may not.
REPORT_CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
              "img-src 'self' data:; font-src 'self'; form-action 'self'; frame-ancestors 'none'; "
              "base-uri 'none'")
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
COOKIE = "zr_token"


def _plain(status: int, text: str, extra: list | None = None):
    body = text.encode("utf-8")
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    return {"type": "http.response.start", "status": status, "headers": headers + (extra or [])}, \
        {"type": "http.response.body", "body": body}


async def _send_plain(send, status: int, text: str, extra: list | None = None) -> None:
    start, body = _plain(status, text, extra)
    await send(start)
    await send(body)


class SecurityHeaders:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def wrapped(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                if b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", CSP.encode()))
                headers += [(b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"),
                            (b"referrer-policy", b"no-referrer")]
                if b"cache-control" not in names:
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, wrapped)


def _host_of(scope) -> str:
    for k, v in scope.get("headers", []):
        if k == b"host":
            host = v.decode("latin-1").strip().lower()
            if host.startswith("["):
                return host[: host.find("]") + 1]
            return host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return ""


class HostCheck:
    def __init__(self, app, allowed: frozenset[str] | None):
        self.app = app
        self.allowed = allowed

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and self.allowed is not None and _host_of(scope) not in self.allowed:
            return await _send_plain(send, 400, "400 invalid Host header (this server answers only on "
                                                "the loopback: 127.0.0.1 / localhost)\n")
        await self.app(scope, receive, send)


class TokenAuth:
    def __init__(self, app, token: str | None):
        self.app = app
        self.token = token

    def _ok(self, given: str | None) -> bool:
        return given is not None and hmac.compare_digest(given.encode(), self.token.encode())

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not self.token:
            return await self.app(scope, receive, send)
        headers = {k.lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        auth = headers.get(b"authorization", "")
        if auth.lower().startswith("bearer ") and self._ok(auth[7:].strip()):
            return await self.app(scope, receive, send)
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get(b"cookie", ""))
        except Exception:  # a malformed cookie header is no token
            cookie = SimpleCookie()
        if COOKIE in cookie and self._ok(cookie[COOKIE].value):
            return await self.app(scope, receive, send)
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        given = [v for k, v in query if k == "token"]
        if given and self._ok(given[-1]):
            rest = urlencode([(k, v) for k, v in query if k != "token"])
            location = scope.get("path", "/") + (f"?{rest}" if rest else "")
            set_cookie = f"{COOKIE}={self.token}; HttpOnly; SameSite=Strict; Path=/"
            return await _send_plain(send, 303, "303 see other\n",
                                     [(b"location", location.encode("latin-1", "replace")),
                                      (b"set-cookie", set_cookie.encode())])
        await _send_plain(send, 401, "401 需要访问令牌 / an access token is required: open the address the "
                                     "server printed on start (…/?token=…) or send Authorization: Bearer TOKEN\n",
                          [(b"www-authenticate", b"Bearer")])


class BodyTooLarge(Exception):
    pass


class BodyLimit:
    def __init__(self, app, limit: int):
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        for k, v in scope.get("headers", []):
            if k == b"content-length":
                try:
                    length = int(v)
                except ValueError:
                    return await _send_plain(send, 400, "400 bad Content-Length\n")
                if length > self.limit:
                    return await _send_plain(
                        send, 413, f"413 上传内容过大 / upload too large: {length} bytes, at most {self.limit}\n")
        seen = 0

        async def counted():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise BodyTooLarge(f"more than {self.limit} bytes")
            return message

        await self.app(scope, counted, send)


class PlainErrors:
    """The last resort: an exception nothing else handled becomes a plain 500 page (inside the
    security headers, so it carries them too); the traceback goes to the server's log only."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def tracking(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking)
        except Exception as exc:
            import sys
            import traceback

            if not getattr(exc, "logged", False):
                traceback.print_exception(type(exc), exc, exc.__traceback__, file=sys.stderr)
            if started:  # too late for another response: the connection is dropped
                raise
            await _send_plain(send, 500, "500 服务器内部错误，请求未完成 / internal server error; the request "
                                         "was not completed.\n")
