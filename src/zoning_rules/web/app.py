"""The web application: the command line's lookups and checks as pages an officer uses in a browser.

Starlette (the toolkit under FastAPI, without the API-docs pages that would fetch scripts from the
internet) with Jinja2 templates that escape everything, served by uvicorn (``commands/serve.py``).
No JavaScript at all: forms, links and one stylesheet from the package.

Routes:
  GET  /                         plot search and the list of plots on a date
  GET  /plots?q=CODE             a code as typed (normalised as on the CLI) → its page, or nearest codes
  GET  /plots/{code}             limits in force (letter, clause, date), history, envelope, map
  GET  /plots/{code}/map.png     the plot among its neighbours (the ``map`` command's drawing)
  GET  /check                    the upload form
  POST /check                    check uploaded designs → 303 to their result
  GET  /results/{id}             the report page (one design) or a summary table (several)
  GET  /results/{id}/{n}         the report page of design n (the HTML reporter's document)
  GET  /results/{id}/{n}/report.pdf|.json|.bcf    downloads
  GET  /results/{id}/results.json                  every report of the upload as one JSON
  GET  /healthz                  "ok" (for a reverse proxy or a load test waiting for the server)
"""
from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass, field
from functools import partial
from urllib.parse import quote, urlencode

from . import i18n, work
from .security import (LOOPBACK_HOSTS, REPORT_CSP, BodyLimit, BodyTooLarge, HostCheck, PlainErrors,
                       SecurityHeaders, TokenAuth)
from .store import ResultStore

MB = 1024 * 1024


@dataclass(frozen=True)
class WebConfig:
    """How the server runs; ``commands/serve.py`` fills it from the command line."""

    rules: tuple[str, ...] = ()
    token: str | None = None
    #: Host headers answered; None = any (only with a token or behind a proxy that checks them).
    allowed_hosts: frozenset[str] | None = LOOPBACK_HOSTS
    max_files: int = 20
    max_file_bytes: int = 5 * MB
    max_total_bytes: int = 20 * MB
    workers: int = 2
    #: "process" (the server: CPU work in other processes) or "thread" (tests, one process).
    pool: str = "process"
    results_kept: int = 200
    results_ttl: float = 3600.0
    extra: dict = field(default_factory=dict)


def _templates():
    import jinja2

    return jinja2.Environment(loader=jinja2.PackageLoader("zoning_rules.web", "templates"),
                              autoescape=True, trim_blocks=True, lstrip_blocks=True,
                              undefined=jinja2.StrictUndefined)


def _executor(config: WebConfig):
    from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

    if config.pool == "thread":
        return ThreadPoolExecutor(max_workers=max(1, config.workers), thread_name_prefix="zr-check")
    import multiprocessing

    # spawn: a fresh interpreter per worker (forking a process that runs an event loop and threads
    # is not safe); each worker imports the checker and loads the rule book once.
    return ProcessPoolExecutor(max_workers=max(1, config.workers), mp_context=multiprocessing.get_context("spawn"),
                               initializer=work.warm, initargs=(tuple(config.rules),))


class Web:
    """State shared by the routes: the rule book, the worker pool, the stored results."""

    def __init__(self, config: WebConfig):
        from ..rulebook import load_rulebook

        self.config = config
        self.book = load_rulebook(*config.rules)  # a bad --rules file fails at start, as on the CLI
        self.env = _templates()
        self.store = ResultStore(config.results_kept, config.results_ttl)
        self.pool = None
        self.maps: dict = {}  # (plot, date, lang) → PNG, the most recent 64

    def start(self) -> None:
        if self.pool is None:
            self.pool = _executor(self.config)

    def stop(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    async def run(self, fn, *args):
        """CPU work in the pool; a pool whose worker died is replaced for the next request."""
        from concurrent.futures.process import BrokenProcessPool

        self.start()
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self.pool, partial(fn, *args))
        except BrokenProcessPool:
            self.pool = None
            raise work.Failed("a worker process died") from None


# ---------------------------------------------------------------- helpers

def _lang(request) -> str:
    return (i18n.lang_of(request.query_params.get("lang")) or i18n.lang_of(request.cookies.get("zr_lang"))
            or "zh")


def _switch_url(request, lang: str) -> str:
    other = "en" if lang == "zh" else "zh"
    params = [(k, v) for k, v in request.query_params.multi_items() if k not in ("lang", "token")]
    return request.url.path + "?" + urlencode(params + [("lang", other)])


def _page(web: Web, request, template: str, http_status: int = 200, **ctx):
    from starlette.responses import HTMLResponse

    lang = ctx.pop("lang", None) or _lang(request)
    cfg = web.config
    body = web.env.get_template(template).render(
        lang=lang, w=i18n.WORDS[lang], switch_url=_switch_url(request, lang), path=request.url.path,
        limits_text=_limits_text(cfg, lang), **ctx)
    response = HTMLResponse(body, status_code=http_status)
    _remember_lang(request, response)
    return response


def _remember_lang(request, response) -> None:
    asked = i18n.lang_of(request.query_params.get("lang"))
    if asked:
        response.set_cookie("zr_lang", asked, httponly=True, samesite="strict")


def _limits_text(cfg: WebConfig, lang: str) -> str:
    w = i18n.WORDS[lang]
    sep = "；" if lang == "zh" else "; "
    return sep.join([w["max_files"].format(n=cfg.max_files),
                     w["max_file"].format(mb=_mb(cfg.max_file_bytes)),
                     w["max_total"].format(mb=_mb(cfg.max_total_bytes))])


def _mb(n: int) -> str:
    v = n / MB
    return f"{v:.0f}" if v >= 1 and v == int(v) else f"{v:.2f}".rstrip("0").rstrip(".")


def _date_arg(request) -> dt.date:
    from ..checker import parse_date

    raw = request.query_params.get("as_of") or None
    return parse_date(raw)


def _error(web: Web, request, status: int, message: str, title: str | None = None):
    lang = _lang(request)
    w = i18n.WORDS[lang]
    return _page(web, request, "error.html.j2", http_status=status,
                 title=title or (w["bad_request"] if status < 500 else w["server_error"]), message=message)


# ---------------------------------------------------------------- plots

async def index(request):
    return await plots(request)


async def plots(request):
    from starlette.concurrency import run_in_threadpool
    from starlette.responses import RedirectResponse

    from ..errors import UnknownPlotError
    from ..plotcodes import nearest, normalize
    from .plots import plot_rows

    web: Web = request.app.state.web
    lang = _lang(request)
    day = _date_arg(request)
    q = (request.query_params.get("q") or "").strip()
    rows = await run_in_threadpool(plot_rows, web.book, day, lang)
    if q:
        try:
            code = web.book.names[web.book.key(q)]
        except UnknownPlotError:
            return _page(web, request, "plots.html.j2", http_status=404, rows=rows, q=q, as_of=day.isoformat(),
                         not_found=True, suggestions=nearest(q, web.book.plot_codes()),
                         normalized=normalize(q))
        params = {"as_of": request.query_params.get("as_of") or ""}
        params = {k: v for k, v in params.items() if v}
        return RedirectResponse(f"/plots/{quote(code, safe='')}" + (f"?{urlencode(params)}" if params else ""),
                                status_code=303)
    return _page(web, request, "plots.html.j2", rows=rows, q="", as_of=day.isoformat(), not_found=False,
                 suggestions=(), normalized="")


async def plot_page(request):
    from starlette.concurrency import run_in_threadpool

    from ..errors import UnknownPlotError
    from ..plotcodes import nearest, normalize
    from .plots import plot_rows

    web: Web = request.app.state.web
    lang = _lang(request)
    day = _date_arg(request)
    code = request.path_params["code"]
    site_area = (request.query_params.get("site_area") or "").strip() or None
    try:
        key = web.book.key(code)
    except UnknownPlotError:
        rows = await run_in_threadpool(plot_rows, web.book, day, lang)
        return _page(web, request, "plots.html.j2", http_status=404, rows=rows, q=code, as_of=day.isoformat(),
                     not_found=True, suggestions=nearest(code, web.book.plot_codes()), normalized=normalize(code))
    data = await run_in_threadpool(_plot_data, web.book, web.book.names[key], day, site_area, lang)
    return _page(web, request, "plot.html.j2", as_of=day.isoformat(), site_area=site_area or "", **data)


def _plot_data(book, code: str, day: dt.date, site_area, lang: str) -> dict:
    from ..envelope import envelope
    from ..reporters._common import PLOT_STATUS
    from .plots import envelope_rows, limits_in_force, plot_map, timeline

    res = book.resolve(code, day)
    env = envelope(code, site_area=site_area, as_of=day, rulebook=book)
    map_reason = plot_map(book, code)
    area = None
    if res.area is not None:
        from .. import fmt

        stated, approval = res.area
        approx = ("约" if lang == "zh" else "approx. ") if stated.approx else ""
        area = f"{approx}{stated.amount.written}（{fmt.area(stated.amount.value)}，{approval.source.id}）" \
            if lang == "zh" else f"{approx}{stated.amount.written} ({fmt.area(stated.amount.value)}, {approval.source.id})"
    return {"plot": res.plot, "status": res.status, "status_text": PLOT_STATUS[lang][res.status],
            "land_use": res.land_use.limit.land_use.label if res.land_use else None, "area": area,
            "unpublished_by": res.unpublished_by.source.id if res.unpublished_by else None,
            "limits": limits_in_force(res, lang), "timeline": timeline(book, res, lang),
            "envelope": envelope_rows(env, lang), "map_reason": map_reason, "succeeded_by": tuple(getattr(res, "succeeded_by", ()) or ())}


async def plot_map_png(request):
    """The plot among its neighbours (``zoning-rules map PLOT``), drawn in the worker pool."""
    from starlette.exceptions import HTTPException
    from starlette.responses import Response

    from .plots import plot_map

    web: Web = request.app.state.web
    lang = _lang(request)
    day = _date_arg(request)
    code = web.book.names[web.book.key(request.path_params["code"])]
    if plot_map(web.book, code) != "drawn":
        raise HTTPException(404)
    key = (code, day.isoformat(), lang)
    png = web.maps.get(key)
    if png is None:
        png = await web.run(work.draw_plot_map, tuple(web.config.rules), code, day.isoformat(), lang)
        web.maps[key] = png
        while len(web.maps) > 64:
            web.maps.pop(next(iter(web.maps)))
    return Response(png, media_type="image/png")


# ---------------------------------------------------------------- check

async def check_form(request):
    web: Web = request.app.state.web
    return _page(web, request, "check.html.j2", error=None, as_of=dt.date.today().isoformat(),
                 comparison="full", accept=",".join(work.accepted_suffixes()))


async def _uploads(request, cfg: WebConfig):
    """The uploaded files and form fields, within the limits; anything beyond them is refused."""
    form = await request.form(max_files=cfg.max_files + 1, max_fields=20, max_part_size=64 * 1024)
    try:
        files = [f for f in form.getlist("files") if not isinstance(f, str)]
        files = [f for f in files if f.filename or (f.size or 0) > 0]
        if len(files) > cfg.max_files:
            raise work.Refused(f"{len(files)} files uploaded; at most {cfg.max_files} at once", status=413)
        uploads = []
        total = 0
        for f in files:
            data = await f.read(cfg.max_file_bytes + 1)
            if len(data) > cfg.max_file_bytes:
                raise work.Refused(f"{f.filename}: larger than {_mb(cfg.max_file_bytes)} MB "
                                   f"(the upload limit for one file)", status=413)
            total += len(data)
            if total > cfg.max_total_bytes:
                raise work.Refused(f"the files together are larger than {_mb(cfg.max_total_bytes)} MB", status=413)
            uploads.append(work.Upload(f.filename or "", data))
        fields = {k: v for k, v in form.multi_items() if isinstance(v, str)}
        return uploads, fields
    finally:
        await form.close()


async def check_post(request):
    from starlette.responses import RedirectResponse

    web: Web = request.app.state.web
    cfg = web.config
    lang = _lang(request)
    fields: dict = {}
    try:
        uploads, fields = await _uploads(request, cfg)
        lang = i18n.lang_of(fields.get("lang")) or lang
        comparison = fields.get("comparison") or "full"
        if comparison not in ("full", "rounded"):
            raise work.Refused(f"comparison: {comparison!r} is not a comparison method "
                               f"(expected full or rounded)")
        outcome = await web.run(work.check_uploads, uploads, fields.get("as_of") or None, comparison,
                                tuple(cfg.rules))
    except work.Refused as exc:
        return _page(web, request, "check.html.j2", http_status=exc.status, lang=lang, error=exc.message,
                     as_of=fields.get("as_of") or dt.date.today().isoformat(),
                     comparison=fields.get("comparison") or "full", accept=",".join(work.accepted_suffixes()))
    rid = web.store.put(outcome)
    return RedirectResponse(f"/results/{rid}?lang={lang}", status_code=303)


def _entry(web: Web, request):
    from starlette.exceptions import HTTPException

    entry = web.store.get(request.path_params["rid"])
    if entry is None:
        raise HTTPException(404)
    return entry


def _item(entry, request):
    from starlette.exceptions import HTTPException

    n = request.path_params.get("n", 1)
    if not 1 <= n <= len(entry.outcome.items):
        raise HTTPException(404)
    return n, entry.outcome.items[n - 1]


async def results(request):
    web: Web = request.app.state.web
    entry = _entry(web, request)
    if len(entry.outcome.items) == 1:
        return await report_page(request)
    lang = _lang(request)
    rid = request.path_params["rid"]
    rows = [{"n": i, "name": it.name, "design_name": it.design_name or "", "plot": it.plot,
             "status": it.status, "verdict": i18n.VERDICT[lang][it.status], "counts": it.counts}
            for i, it in enumerate(entry.outcome.items, 1)]
    return _page(web, request, "results.html.j2", rid=rid, rows=rows, as_of=entry.outcome.as_of,
                 downloads=_formats(entry.outcome.items[0]))


def _formats(item) -> list[str]:
    return ["pdf"] + [f for f in item.downloads]


async def report_page(request):
    from starlette.responses import HTMLResponse

    web: Web = request.app.state.web
    entry = _entry(web, request)
    n, item = _item(entry, request)
    lang = _lang(request)
    rid = request.path_params["rid"]
    toolbar = web.env.get_template("toolbar.html.j2").render(
        lang=lang, w=i18n.WORDS[lang], switch_url=_switch_url(request, lang), rid=rid, n=n,
        many=len(entry.outcome.items) > 1, formats=_formats(item), path=request.url.path)
    html = item.html[lang]
    html = html.replace("</head>", '<link rel="stylesheet" href="/static/report-page.css">\n'
                        '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">\n</head>', 1)
    html = html.replace("<body>", "<body>\n" + toolbar, 1)
    response = HTMLResponse(html, headers={"content-security-policy": REPORT_CSP})
    _remember_lang(request, response)
    return response


def _filename(item, ext: str) -> str:
    stem = item.name.rsplit(".", 1)[0]
    return f"{stem}.{ext}"


def _attachment(data, media: str, filename: str):
    from starlette.responses import Response

    ascii_name = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_.") else "_" for ch in filename)
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return Response(data, media_type=media, headers={"content-disposition": disposition})


async def download(request):
    from starlette.exceptions import HTTPException

    web: Web = request.app.state.web
    entry = _entry(web, request)
    n, item = _item(entry, request)
    fmt = request.path_params["fmt"]
    if fmt == "pdf":
        lang = _lang(request)
        key = (n, lang)
        pdf = entry.pdf.get(key)
        if pdf is None:
            pdf = await web.run(work.print_pdf, item.html[lang])
            entry.pdf[key] = pdf
        return _attachment(pdf, "application/pdf", _filename(item, "pdf"))
    if fmt not in item.downloads:
        raise HTTPException(404)
    data = item.downloads[fmt]
    media = {"json": "application/json", "bcf": "application/octet-stream"}.get(fmt, "application/octet-stream")
    return _attachment(data if isinstance(data, bytes) else data.encode("utf-8"), media, _filename(item, fmt))


async def results_json(request):
    web: Web = request.app.state.web
    entry = _entry(web, request)
    return _attachment(entry.outcome.batch_json.encode("utf-8"), "application/json", "results.json")


async def healthz(request):
    from starlette.responses import PlainTextResponse

    return PlainTextResponse("ok\n")


# ---------------------------------------------------------------- errors

def _handlers(web: Web):
    from starlette.exceptions import HTTPException
    from starlette.responses import PlainTextResponse

    from ..errors import InputError, UnknownPlotError, ZoningError

    async def http_error(request, exc: HTTPException):
        lang = _lang(request)
        w = i18n.WORDS[lang]
        if exc.status_code == 404:
            return _error(web, request, 404, w["not_found_page"], title="404")
        message = exc.detail if isinstance(exc.detail, str) else str(exc.status_code)
        return _error(web, request, exc.status_code, message, title=str(exc.status_code))

    async def zoning_error(request, exc: ZoningError):
        status = 404 if isinstance(exc, UnknownPlotError) else 400
        return _error(web, request, status, str(exc))

    async def too_large(request, exc: BodyTooLarge):
        lang = _lang(request)
        return _error(web, request, 413, _limits_text(web.config, lang), title=i18n.WORDS[lang]["too_large"])

    async def refused(request, exc: work.Refused):
        return _error(web, request, exc.status, exc.message)

    async def failed(request, exc: Exception):
        # Never a traceback on a page: the worker's log has it, the officer gets a plain sentence.
        return PlainTextResponse("500 服务器内部错误，请求未完成 / internal server error; the request was "
                                 "not completed.\n", status_code=500)

    # Anything else is left to security.PlainErrors: a plain 500 page with the security headers.
    return {HTTPException: http_error, InputError: zoning_error, ZoningError: zoning_error,
            UnknownPlotError: zoning_error, BodyTooLarge: too_large, work.Refused: refused,
            work.Failed: failed}


def create_app(config: WebConfig | None = None):
    """The ASGI application (uvicorn serves it; tests drive it with Starlette's TestClient)."""
    import contextlib
    from importlib.resources import files

    from starlette.applications import Starlette
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    config = config or WebConfig()
    web = Web(config)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        web.start()
        try:
            yield
        finally:
            web.stop()

    routes = [
        Route("/", index), Route("/plots", plots), Route("/plots/{code:str}", plot_page),
        Route("/plots/{code:str}/map.png", plot_map_png),
        Route("/check", check_form, methods=["GET"]), Route("/check", check_post, methods=["POST"]),
        Route("/results/{rid:str}", results), Route("/results/{rid:str}/results.json", results_json),
        Route("/results/{rid:str}/{n:int}", report_page),
        Route("/results/{rid:str}/{n:int}/report.{fmt:str}", download),
        Route("/healthz", healthz),
        Mount("/static", app=StaticFiles(directory=str(files("zoning_rules.web") / "static")), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers=_handlers(web), lifespan=lifespan)
    app.state.web = web
    app.add_middleware(PlainErrors)  # innermost of ours: an unexpected error still gets the headers
    app.add_middleware(BodyLimit, limit=config.max_total_bytes + 256 * 1024)  # room for the form fields
    app.add_middleware(TokenAuth, token=config.token)
    app.add_middleware(HostCheck, allowed=config.allowed_hosts)
    app.add_middleware(SecurityHeaders)  # outermost: every response carries the headers
    return app
