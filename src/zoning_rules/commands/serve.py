"""``zoning-rules serve``: the web application for approval officers (needs the ``web`` extra).

Binds to 127.0.0.1 by default.  Binding anywhere else makes every request need a token (given in
``$ZONING_RULES_TOKEN`` or ``--token-file``, or made up and printed on start); the server says so
when it starts.  Behind a reverse proxy, keep the default host: see docs/web.md.
"""
from __future__ import annotations

import click

from ._options import rules_option

TOKEN_ENV = "ZONING_RULES_TOKEN"


def is_loopback(host: str) -> bool:
    import ipaddress

    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def resolve_token(host: str, token_file: str | None, environ) -> tuple[str | None, str]:
    """(token, how it was chosen): none on the loopback unless one is given; elsewhere the given
    one or a fresh random one — never no token off the loopback."""
    import secrets

    from ..errors import InputError

    token = None
    origin = ""
    if token_file:
        try:
            with open(token_file, encoding="utf-8") as fh:
                token = fh.read().strip()
        except OSError as exc:
            raise InputError(f"cannot read the token file: {exc.strerror}", field="token-file",
                             value=token_file) from None
        origin = f"from {token_file}"
    elif environ.get(TOKEN_ENV):
        token = environ[TOKEN_ENV].strip()
        origin = f"from ${TOKEN_ENV}"
    if token is not None and len(token) < 16:
        raise InputError("the access token is too short", field="token", value="…",
                         expected="at least 16 characters")
    if token is None and not is_loopback(host):
        token = secrets.token_urlsafe(24)
        origin = "generated"
    return token, origin


def _finite(param, value: float) -> float:
    """FloatRange lets NaN through (every comparison with it is false)."""
    import math

    if not math.isfinite(value):
        raise click.BadParameter(f"{value} is not a number of megabytes", param=param)
    return value


def _can_listen(host: str, port: int) -> None:
    """An address that is no address (empty, 999.1.1.1) is bad input with one line (exit 2), said
    before anything starts; one that cannot be bound is caught when uvicorn gives up (``_listen``)."""
    import socket

    from ..errors import InputError

    if not host.strip():
        raise InputError("the address is empty", field="--host", value=host,
                         expected="an address such as 127.0.0.1 (or 0.0.0.0 for every interface)")
    try:
        socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (OSError, UnicodeError) as exc:
        why = getattr(exc, "strerror", None) or str(exc)
        raise InputError(f"cannot listen on {host}: {why} (无法监听)", field="--host", value=host,
                         expected="an address of this machine, such as 127.0.0.1") from None


def _listen(server, host: str, port) -> None:
    """Run the server; a bind that fails (a port in use, an address not this machine's) makes
    uvicorn log the reason and exit 3 — which CI would read as "indeterminate": it is exit 2."""
    from ..errors import InputError

    try:
        server.run()
    except SystemExit:
        if getattr(server, "started", True):
            raise
        raise InputError(f"cannot listen on {host} port {port} (无法监听; the reason is logged above)",
                         field="--host", value=f"{host}:{port}",
                         expected="an address of this machine and a free port") from None


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but the loopback requires a token (printed on start).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port (0: any free port).")
@rules_option
@click.option("--token-file", "token_file", metavar="FILE", type=click.Path(dir_okay=False),
              help=f"Read the access token from FILE (or set ${TOKEN_ENV}); required off the loopback, "
                   "generated when not given.")
@click.option("--allowed-host", "allowed_hosts", multiple=True, metavar="NAME",
              help="Another Host name to answer on the loopback (a reverse proxy that passes its own "
                   "Host header).")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes for the checks.")
@click.option("--max-files", default=20, show_default=True, type=click.IntRange(1, 1000),
              help="Files per upload.")
@click.option("--max-file-mb", default=5.0, show_default=True, type=click.FloatRange(0.01, 1024),
              callback=lambda ctx, param, v: _finite(param, v), help="Size of one uploaded file, in MB.")
@click.option("--max-total-mb", default=20.0, show_default=True, type=click.FloatRange(0.01, 4096),
              callback=lambda ctx, param, v: _finite(param, v), help="Size of one upload (all files), in MB.")
def serve(host, port, rules, token_file, allowed_hosts, workers, max_files, max_file_mb, max_total_mb):
    """Start the web application: plot lookup, checks with the report to sign, in the browser."""
    import os
    import sys

    try:
        import uvicorn

        from ..web.app import MB, WebConfig, create_app
        from ..web.security import LOOPBACK_HOSTS
    except ImportError as exc:
        from ..errors import ZoningError

        raise ZoningError(f"serve needs the web extra ({exc.name} is missing): "
                          "pip install 'zoning-rules[web]'") from None
    _can_listen(host, port)  # else uvicorn logs the failure and exits 3, which reads as "indeterminate"
    token, origin = resolve_token(host, token_file, os.environ)
    loopback = is_loopback(host)
    config = WebConfig(
        rules=tuple(rules), token=token,
        allowed_hosts=(LOOPBACK_HOSTS | {h.lower() for h in allowed_hosts}) if loopback else None,
        workers=workers, max_files=max_files, max_file_bytes=int(max_file_mb * MB),
        max_total_bytes=int(max_total_mb * MB))
    app = create_app(config)  # loads the rule book: a bad --rules file stops here with exit 2
    shown = f"[{host}]" if ":" in host else host
    if port == 0:
        port = "PORT"  # a free port, chosen by the system: uvicorn prints it below
    if loopback:
        click.echo(f"zoning-rules serve: http://{shown}:{port}/  (loopback only: other machines cannot "
                   f"connect; behind a reverse proxy see docs/web.md)", err=True)
        if token:
            click.echo(f"  access token {origin} is required: open http://{shown}:{port}/?token=…", err=True)
    else:
        click.echo(f"zoning-rules serve: listening on {shown}:{port}, reachable from other machines — "
                   f"every request needs the access token ({origin}).", err=True)
        if origin == "generated":
            click.echo(f"  open http://{shown}:{port}/?token={token}", err=True)
        else:
            click.echo(f"  open http://{shown}:{port}/?token=<the token>  (or send Authorization: Bearer)", err=True)
        click.echo("  plain HTTP: put TLS in front of it (a reverse proxy) on any network you do not trust.",
                   err=True)
    sys.stderr.flush()
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=0 if port == "PORT" else port, log_level="info", server_header=False,
                                           proxy_headers=False, access_log=True))
    _listen(server, host, server.config.port)
    return 0
