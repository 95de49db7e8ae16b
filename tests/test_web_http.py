"""The web application at the HTTP level (Starlette's TestClient): every route, every error, the
upload limits, path traversal, script injection, the token off the loopback, the headers."""
from __future__ import annotations

import json
import re
import threading
import warnings
from pathlib import Path

import pytest

from conftest import EXAMPLES

pytest.importorskip("starlette", reason="the web application needs the web extra")
pytest.importorskip("multipart", reason="uploads need python-multipart (web extra)")
pytest.importorskip("httpx", reason="Starlette's test client needs httpx (test extra)")

with warnings.catch_warnings():  # Starlette prefers httpx2 now; httpx is what the test extra installs
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient  # noqa: E402

from zoning_rules.web import work  # noqa: E402
from zoning_rules.web.app import WebConfig, create_app  # noqa: E402

FAIL = EXAMPLES / "bz-13-10-fail.yaml"
PASS = EXAMPLES / "bz-13-10-pass.yaml"
LOCAL = "http://127.0.0.1"


def client(config: WebConfig | None = None, **kw) -> TestClient:
    config = config or WebConfig(pool="thread", workers=1, **kw)
    return TestClient(create_app(config), base_url=LOCAL, raise_server_exceptions=False)


@pytest.fixture(scope="module")
def c():
    with client() as cl:
        yield cl


def upload(c, *files, as_of="2021-06-01", **fields):
    parts = [("files", (name, data if isinstance(data, bytes) else data.encode("utf-8"), "application/octet-stream"))
             for name, data in files]
    return c.post("/check", files=parts, data={"as_of": as_of, **fields}, follow_redirects=False)


def example(path: Path) -> tuple[str, bytes]:
    return path.name, path.read_bytes()


def error_text(html: str) -> str:
    m = re.search(r'id="error"[^>]*>(.*?)</div>|id="error"[^>]*>(.*?)</p>', html, re.S)
    assert m, "no error shown on the page"
    inner = m.group(1) or m.group(2)
    import html as h

    return h.unescape(re.sub(r"<[^>]+>", "", inner))


def cli_error(tmp_path, name: str, data: bytes, *extra: str) -> str:
    """The message the command line prints for the same file (run where its name is its path)."""
    import os

    from click.testing import CliRunner

    from zoning_rules.cli import cli

    (tmp_path / name).write_bytes(data)
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(cli, ["check", name, "--as-of", "2021-06-01", *extra], standalone_mode=False)
    finally:
        os.chdir(cwd)
    assert result.exception is not None, result.output
    return str(result.exception)


# ------------------------------------------------------------------ plots

def test_the_home_page_lists_every_plot_in_chinese_by_default(c, book):
    r = c.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert '<html lang="zh-CN">' in r.text and "地块查询" in r.text
    for code in book.plot_codes():
        assert f">{code}</a>" in r.text.replace("&amp;", "&") or code in r.text


def test_english_is_a_switch_that_sticks_for_the_next_pages():
    with client() as fresh:
        r = fresh.get("/?lang=en")
    assert '<html lang="en">' in r.text and "All plots" in r.text
    assert "zr_lang=en" in r.headers["set-cookie"]
    with client() as fresh:
        fresh.get("/?lang=en")
        assert '<html lang="en">' in fresh.get("/check").text
        assert '<html lang="zh-CN">' in fresh.get("/check?lang=zh").text


def test_a_code_typed_any_way_the_cli_accepts_leads_to_the_plot(c):
    for typed in ("BZ-13-10", "bz 13 10", "ＢＺ－１３－１０", "BZ-13-10地块"):
        r = c.get("/plots", params={"q": typed, "as_of": "2021-06-01"}, follow_redirects=False)
        assert r.status_code == 303, typed
        assert r.headers["location"] == "/plots/BZ-13-10?as_of=2021-06-01"


def test_an_unknown_code_is_404_with_the_nearest_codes_as_links(c):
    r = c.get("/plots", params={"q": "BZ-13-1O"})
    assert r.status_code == 404
    assert 'id="not-found"' in r.text and 'class="suggestion" href="/plots/BZ-13-10' in r.text
    r = c.get("/plots/NO-SUCH-PLOT")
    assert r.status_code == 404 and "未找到地块" in r.text


def test_the_plot_page_shows_each_limit_with_letter_clause_and_date_as_the_limits_command(c, book):
    import datetime as dt

    from zoning_rules.rulebook.views import resolution_json

    r = c.get("/plots/BZ-13-10?as_of=2021-06-01")
    assert r.status_code == 200
    data = resolution_json(book.resolve("BZ-13-10", dt.date(2021, 6, 1)))
    rows = re.findall(r'<tr data-indicator="(\w+)"><td>[^<]*</td><td class="limit">([^<]*)</td>'
                      r'<td[^>]*>([^<]*)</td><td>([^<]*)</td><td class="num">([^<]*)</td>', r.text)
    shown = {k: (limit, letter, clause, date) for k, limit, letter, clause, date in rows}
    assert set(shown) == set(data["limits"]) | {"land_use"}
    for key, lim in data["limits"].items():
        limit, letter, clause, date = shown[key]
        assert limit in lim["text"]  # the bound as the CLI writes it (容积率≤2.4 → ≤2.4)
        assert letter == lim["source"]["document"] and clause == f"第{lim['source']['clause']}条"
        assert date == lim["source"]["date"]


def test_the_plot_page_shows_the_envelope_of_the_envelope_command(c, book):
    from zoning_rules.commands.envelope import text
    from zoning_rules.envelope import envelope

    r = c.get("/plots/BZ-13-10", params={"as_of": "2021-06-01", "site_area": "47333 m2"})
    assert r.status_code == 200
    cli = text(envelope("BZ-13-10", site_area="47333 m2", as_of="2021-06-01", rulebook=book))
    for item in envelope("BZ-13-10", site_area="47333 m2", as_of="2021-06-01", rulebook=book).items:
        if item.value is not None:
            assert item.text("zh") in cli and item.text("zh") in r.text, item.key
    assert "≤ 113 599.20 m²" in r.text


def test_before_any_letter_the_plot_has_no_limits_and_the_letter_is_marked_future(c):
    r = c.get("/plots/BZ-13-10?as_of=2020-01-01")
    assert r.status_code == 200
    assert "无生效批复" in r.text and "晚于核验日期" in r.text and 'class="future"' in r.text


def test_the_history_says_which_letter_changed_what_and_when(tmp_path):
    later = tmp_path / "later.yaml"
    later.write_text(
        'sources:\n  "吕政函〔2022〕99号": {title: 测试调整, issuer: 吕梁市人民政府, date: 2022-03-01}\n'
        "plots:\n  BZ-13-10:\n    approvals:\n      - source: \"吕政函〔2022〕99号\"\n        clause: 一\n"
        "        replaces: amends\n        limits:\n          far: {max: 2.6}\n", encoding="utf-8")
    with client(rules=(str(later),)) as cl:
        r = cl.get("/plots/BZ-13-10?as_of=2022-06-01")
    assert r.status_code == 200, r.text
    entries = re.findall(r'<li class="(past|future)" data-date="([\d-]+)">(.*?)</li>', r.text, re.S)
    assert [d for _, d, _ in entries] == ["2021-01-11", "2022-03-01"]
    last = entries[-1][2]
    assert "吕政函〔2022〕99号" in last
    assert re.search(r'<td>容积率</td><td class="old">≤2.4</td><td>→</td><td class="new">≤2.6</td>', last)
    assert "建筑高度" not in re.sub(r"<blockquote>.*?</blockquote>", "", last)  # only what changed


def test_no_plot_map_is_invented_without_boundaries(c, book):
    from zoning_rules.web.plots import plot_map

    assert not book.boundaries  # the embedded book has none (tests/test_web_plot_map.py draws some)
    assert plot_map(book, "BZ-13-10") == "no_boundaries"
    page = c.get("/plots/BZ-13-10").text
    assert "没有该地块的用地边界" in page and 'id="plot-map"' not in page
    assert c.get("/plots/BZ-13-10/map.png").status_code == 404


def test_a_bad_date_or_site_area_is_400_with_the_clis_message(c):
    r = c.get("/plots/BZ-13-10?as_of=2021-13-01")
    assert r.status_code == 400 and "&#39;2021-13-01&#39; is not a date" in r.text
    r = c.get("/plots/BZ-13-10", params={"site_area": "50 m"})
    assert r.status_code == 400 and "site_area" in r.text


# ------------------------------------------------------------------ checks

def test_the_failing_design_is_checked_as_the_cli_checks_it(c, book):
    from zoning_rules.checker import check

    r = upload(c, example(FAIL))
    assert r.status_code == 303 and r.headers["location"].startswith("/results/")
    page = c.get(r.headers["location"])
    assert page.status_code == 200
    assert 'data-status="fail"' in page.text and "结论：不通过" in page.text
    failing = re.findall(r'<tr class="finding" data-status="fail" data-code="([\w-]+)">', page.text)
    assert failing == ["ZR-FAR", "ZR-HEIGHT"]
    expected = check(FAIL, book, "2021-06-01")
    for f in expected.findings:
        assert f.message_zh.replace("<", "&lt;") in page.text
    rid = r.headers["location"].split("/")[2].split("?")[0]
    data = c.get(f"/results/{rid}/1/report.json").json()
    cli = json.loads(json.dumps(expected.to_json()))
    assert data["reports"][0]["findings"] == cli["findings"]
    assert data["reports"][0]["design"] == "bz-13-10-fail.yaml"
    assert c.get(f"/results/{rid}/results.json").json()["summary"] == {"designs": 1, "pass": 0, "fail": 1,
                                                                      "indeterminate": 0}


def test_the_report_page_is_the_html_reporters_document_with_a_toolbar(c, book):
    from zoning_rules.checker import check
    from zoning_rules.report import BatchReport
    from zoning_rules.reporters import render

    r = upload(c, example(FAIL))
    page = c.get(r.headers["location"]).text
    report = check(FAIL, book, "2021-06-01")
    from dataclasses import replace

    html = render(BatchReport((replace(report, design=FAIL.name),)), "html", "zh")
    body = html.split("<body>", 1)[1]
    assert body in page  # the reporter's document, untouched, after the toolbar
    assert 'class="zr-toolbar"' in page and 'id="download-pdf"' in page and 'id="download-json"' in page


def test_the_pdf_download_is_the_report_printed(c):
    pytest.importorskip("weasyprint", reason="the pdf needs the report extra")
    r = upload(c, example(FAIL))
    rid = r.headers["location"].split("/")[2].split("?")[0]
    pdf = c.get(f"/results/{rid}/1/report.pdf")
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
    assert pdf.headers["content-type"] == "application/pdf"
    assert "attachment" in pdf.headers["content-disposition"] and "bz-13-10-fail.pdf" in pdf.headers["content-disposition"]
    again = c.get(f"/results/{rid}/1/report.pdf")
    assert again.content == pdf.content  # printed once, kept
    en = c.get(f"/results/{rid}/1/report.pdf?lang=en")
    assert en.status_code == 200 and en.content != pdf.content


def test_bcf_is_offered_exactly_when_a_bcf_reporter_exists(c):
    from zoning_rules.reporters import REPORTERS

    r = upload(c, example(FAIL))
    rid = r.headers["location"].split("/")[2].split("?")[0]
    page = c.get(f"/results/{rid}").text
    bcf = c.get(f"/results/{rid}/1/report.bcf")
    if "bcf" in REPORTERS:
        assert 'id="download-bcf"' in page and bcf.status_code == 200 and bcf.content
    else:
        assert 'id="download-bcf"' not in page and bcf.status_code == 404


def test_several_designs_give_a_summary_linking_each_report(c):
    r = upload(c, example(PASS), example(FAIL))
    assert r.status_code == 303
    page = c.get(r.headers["location"])
    rows = re.findall(r'<tr data-status="(\w+)"><td class="num">(\d)</td><td>([^<]+)</td>', page.text)
    assert rows == [("pass", "1", "bz-13-10-pass.yaml"), ("fail", "2", "bz-13-10-fail.yaml")]
    rid = r.headers["location"].split("/")[2].split("?")[0]
    for n, status in ((1, "pass"), (2, "fail")):
        assert f'href="/results/{rid}/{n}?lang=zh"' in page.text
        report = c.get(f"/results/{rid}/{n}")
        assert f'id="verdict-1" data-status="{status}"' in report.text
        assert 'id="back-to-summary"' in report.text
    assert c.get(f"/results/{rid}/3").status_code == 404
    assert c.get(f"/results/{rid}/0").status_code == 404


def test_rounded_comparison_is_a_choice_on_the_form(c):
    design = "plot: BZ-13-10\nfar: 2.40\n"
    full = c.get(upload(c, ("r.yaml", design)).headers["location"]).text
    rounded = c.get(upload(c, ("r.yaml", design), comparison="rounded").headers["location"]).text
    assert re.search(r'data-status="indeterminate" data-code="ZR-FAR"', full)
    assert re.search(r'data-status="pass" data-code="ZR-FAR"', rounded)
    assert upload(c, ("r.yaml", design), comparison="loose").status_code == 400


def test_a_design_with_its_geojson_site_plan_gets_the_figure(c):
    pytest.importorskip("pyproj", reason="site plans need the geo extra")
    pytest.importorskip("matplotlib", reason="the figure needs the figure extra")
    plans = EXAMPLES / "site-plans"
    r = upload(c, example(plans / "bz-13-10-geojson.yaml"), example(plans / "bz-13-10.geojson"), as_of="2022-01-01")
    assert r.status_code == 303, error_text(r.text)
    page = c.get(r.headers["location"]).text
    assert '<figure class="site-plan"' in page and "<svg" in page
    assert 'data-status="pass"' in page
    assert "zr-web-" not in page and "/tmp" not in page  # no server path leaks into the report


def test_a_design_with_its_dxf_site_plan_is_checked(c):
    pytest.importorskip("ezdxf", reason="DXF site plans need the geo extra")
    plans = EXAMPLES / "site-plans"
    r = upload(c, example(plans / "bz-13-10-dxf.yaml"), example(plans / "bz-13-10.dxf"), as_of="2022-01-01")
    assert r.status_code == 303, error_text(r.text)
    page = c.get(r.headers["location"]).text
    assert 'id="verdict-1" data-status="pass"' in page
    assert "105 680.00 m²" in page  # 计容建筑面积 computed from the drawing, as in the README's table


@pytest.mark.parametrize("name, data", [
    ("bad-unit.yaml", b"plot: BZ-13-10\nheight: 50 m2\n"),
    ("bad-yaml.yaml", b"plot: BZ-13-10\nheight: [50\n"),
    ("dup.yaml", b"plot: BZ-13-10\nheight: 50 m\nheight: 40 m\n"),
    ("typo.yaml", b"plot: BZ-13-10\nhieght: 50 m\n"),
    ("unknown-plot.yaml", b"plot: BZ-13-1O\n"),
    ("latin1.yaml", "plot: BZ-13-10\nname: caf\u00e9\n".encode("latin-1")),
    ("list.yaml", b"- plot: BZ-13-10\n"),
    ("bad.json", b'{"plot": "BZ-13-10", "height": NaN}'),
    ("unsafe.yaml", b"plot: !!python/object/apply:os.system [\"echo pwned\"]\n"),
])
def test_a_malformed_design_gets_the_clis_error_on_the_page_with_400(c, tmp_path, name, data):
    r = upload(c, (name, data))
    assert r.status_code == 400, r.status_code
    assert "Traceback" not in r.text
    shown = error_text(r.text)
    assert cli_error(tmp_path, name, data) in shown


def test_yaml_tags_never_run_code(c, tmp_path):
    marker = tmp_path / "pwned"
    data = f'plot: !!python/object/apply:os.system ["touch {marker}"]\n'.encode()
    r = upload(c, ("evil.yaml", data))
    assert r.status_code == 400 and not marker.exists()


@pytest.mark.parametrize("files, fields, message", [
    ((), {}, "no file uploaded"),
    ((("notes.txt", b"hello"),), {}, "notes.txt: not a design or site-plan file"),
    ((("a.yaml", b"plot: BZ-13-10\n"), ("a.yaml", b"plot: BZ-13-10\n")), {}, "uploaded twice"),
    ((("a.yaml", b"plot: BZ-13-10\n"),), {"as_of": "yesterday"}, "'yesterday' is not a date"),
    ((("plan.geojson", b"{}"),), {}, "no design file among the uploads"),
    ((("a.yaml", b"plot: BZ-13-10\n"), ("plan.geojson", b"{}")), {}, "plan.geojson: no uploaded design names"),
    ((("a.yaml", b"plot: BZ-13-10\nsite_plan: plan.geojson\n"),), {}, "'plan.geojson' was not uploaded"),
])
def test_every_upload_error_is_400_and_says_what_was_expected(c, files, fields, message):
    r = upload(c, *files, **({"as_of": "2021-06-01"} | fields))
    assert r.status_code == 400
    assert message in error_text(r.text)


# ------------------------------------------------------------------ security

@pytest.mark.parametrize("plan", ["../../etc/passwd", "/etc/passwd", "..", "sub/plan.geojson",
                                  "..\\..\\windows\\win.ini", "C:/x.dxf"])
def test_a_site_plan_path_never_reaches_the_file_system(c, plan, monkeypatch):
    opened = []
    import zoning_rules.geometry as geometry

    monkeypatch.setattr(geometry, "load_site_plan", lambda *a, **k: opened.append(a) or 1 / 0, raising=False)
    design = f"plot: BZ-13-10\nsite_plan: {json.dumps(plan)}\n"
    r = upload(c, ("a.yaml", design), ("plan.geojson", b"{}"))
    assert r.status_code == 400 and opened == []
    text = error_text(r.text)
    assert "a.yaml:2: site_plan:" in text and ("a path is not accepted" in text or "was not uploaded" in text)


@pytest.mark.parametrize("name", ["../evil.yaml", "/etc/evil.yaml", "..\\evil.yaml", ".hidden.yaml",
                                  "a:b.yaml", "sub/dir.yaml"])
def test_an_upload_name_with_a_directory_is_refused(c, name):
    r = upload(c, (name, b"plot: BZ-13-10\n"))
    assert r.status_code == 400 and "not a usable file name" in error_text(r.text)


def test_uploads_live_in_a_per_request_directory_that_is_always_removed(c, tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    assert upload(c, example(FAIL)).status_code == 303
    assert upload(c, ("bad.yaml", b"plot: [\n")).status_code == 400
    assert list(tmp_path.iterdir()) == []


def test_what_users_wrote_is_shown_as_text_never_as_markup(c):
    evil = "<script>alert(1)</script>"
    design = f"plot: BZ-13-10\nname: \"{evil}\"\nfloor_area: 1000 m2\nsite_area: 47333 m2\n"
    r = upload(c, ("x.yaml", design))
    page = c.get(r.headers["location"]).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script" not in page
    r = c.get("/plots", params={"q": evil})
    assert r.status_code == 404 and "<script" not in r.text and "&lt;script&gt;" in r.text
    r = upload(c, ("x.yaml", f"plot: \"{evil}\"\n"))
    assert r.status_code == 400 and "<script" not in r.text
    r = c.get("/plots/BZ-13-10", params={"site_area": evil})
    assert r.status_code == 400 and "<script" not in r.text


def test_every_response_carries_a_content_security_policy_without_inline_scripts(c):
    r = upload(c, example(FAIL))
    rid = r.headers["location"].split("/")[2].split("?")[0]
    for path in ("/", "/plots/BZ-13-10", "/check", f"/results/{rid}", f"/results/{rid}/1/report.json",
                 "/static/app.css", "/nope", "/plots?q=zzz"):
        resp = c.get(path)
        csp = resp.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src", 1)[1].split(";")[0]
        assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
        assert resp.headers["x-content-type-options"] == "nosniff"
        if resp.headers["content-type"].startswith("text/html"):
            assert "<script" not in resp.text
    assert "style-src 'self';" in c.get("/").headers["content-security-policy"]  # our pages: no inline style


def test_too_many_files_are_refused_with_413(c):
    with client(max_files=2) as cl:
        r = upload(cl, ("a.yaml", "plot: BZ-13-10\n"), ("b.yaml", "plot: BZ-13-10\n"), ("c.yaml", "plot: BZ-13-10\n"))
        assert r.status_code == 413 and "at most 2" in error_text(r.text)
        assert upload(cl, ("a.yaml", "plot: BZ-13-10\n"), ("b.yaml", "plot: BZ-13-10\n")).status_code == 303


def test_a_file_over_the_size_limit_is_refused_with_413(c):
    with client(max_file_bytes=1000) as cl:
        big = "plot: BZ-13-10\n" + "# padding\n" * 200
        r = upload(cl, ("big.yaml", big))
        assert r.status_code == 413 and "big.yaml: larger than" in error_text(r.text)


def test_a_body_over_the_total_limit_is_cut_off_whether_announced_or_streamed(c):
    with client(max_total_bytes=2000) as cl:
        big = b"x" * 400_000
        r = cl.post("/check", files=[("files", ("a.yaml", big, "text/plain"))], follow_redirects=False)
        assert r.status_code == 413

        def chunks():
            for _ in range(100):
                yield b"y" * 10_000

        r = cl.post("/check", content=chunks(), headers={"content-type": "multipart/form-data; boundary=zz"})
        assert r.status_code == 413


def test_off_the_loopback_every_request_needs_the_token(c):
    token = "t" * 32
    with client(WebConfig(pool="thread", workers=1, token=token, allowed_hosts=None)) as cl:
        for path in ("/", "/plots/BZ-13-10", "/check", "/static/app.css", "/healthz"):
            assert cl.get(path).status_code == 401, path
        assert cl.post("/check", files=[("files", ("a.yaml", b"plot: BZ-13-10\n", "text/plain"))]).status_code == 401
        assert cl.get("/", headers={"authorization": "Bearer wrong"}).status_code == 401
        assert cl.get("/", headers={"authorization": f"Bearer {token}"}).status_code == 200
        r = cl.get(f"/plots/BZ-13-10?token={token}&as_of=2021-06-01", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/plots/BZ-13-10?as_of=2021-06-01"
        assert "HttpOnly" in r.headers["set-cookie"] and "SameSite=Strict" in r.headers["set-cookie"]
        assert cl.get("/plots/BZ-13-10").status_code == 200  # the cookie carries it now
        cl.cookies.set("zr_token", "nope")
        assert cl.get("/?token=nope").status_code == 401


def test_serve_off_the_loopback_makes_up_a_token_and_says_so(monkeypatch):
    import uvicorn
    from click.testing import CliRunner

    from zoning_rules.cli import cli

    started = {}
    monkeypatch.delenv("ZONING_RULES_TOKEN", raising=False)
    monkeypatch.setattr(uvicorn.Server, "run", lambda self: started.update(config=self.config))
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--port", "8123"], catch_exceptions=False)
    assert result.exit_code == 0
    out = result.output
    assert "reachable from other machines" in out and "every request needs the access token" in out
    token = re.search(r"\?token=([\w-]+)", out).group(1)
    web = started["config"].app.state.web
    assert web.config.token == token and len(token) >= 24 and web.config.allowed_hosts is None
    assert started["config"].host == "0.0.0.0" and started["config"].port == 8123


def test_serve_on_the_loopback_needs_no_token_and_answers_only_loopback_hosts(monkeypatch):
    import uvicorn
    from click.testing import CliRunner

    from zoning_rules.cli import cli

    started = {}
    monkeypatch.delenv("ZONING_RULES_TOKEN", raising=False)
    monkeypatch.setattr(uvicorn.Server, "run", lambda self: started.update(config=self.config))
    result = CliRunner().invoke(cli, ["serve"], catch_exceptions=False)
    assert result.exit_code == 0 and "http://127.0.0.1:8000/" in result.output and "loopback only" in result.output
    app = started["config"].app
    assert app.state.web.config.token is None
    with TestClient(app, base_url="http://evil.example") as cl:
        assert cl.get("/").status_code == 400  # DNS rebinding: a foreign Host is not answered
    with TestClient(app, base_url="http://localhost:8000") as cl:
        assert cl.get("/healthz").status_code == 200


def test_serve_with_a_token_file_uses_it_and_a_bad_rules_file_stops_it_with_exit_2(tmp_path, monkeypatch):
    import uvicorn

    from zoning_rules.cli import main

    monkeypatch.setattr(uvicorn.Server, "run", lambda self: None)
    short = tmp_path / "short"
    short.write_text("abc")
    assert main(["serve", "--host", "0.0.0.0", "--token-file", str(short)]) == 2
    bad = tmp_path / "bad.yaml"
    bad.write_text("plots: [\n")
    assert main(["serve", "--rules", str(bad)]) == 2


# ------------------------------------------------------------------ robustness

def test_unknown_results_and_routes_are_404_and_wrong_methods_405(c):
    assert c.get("/results/not-a-result").status_code == 404
    assert c.get("/results/not-a-result/1/report.pdf").status_code == 404
    assert c.get("/results/not-a-result/results.json").status_code == 404
    assert c.get("/nowhere").status_code == 404
    assert c.put("/check").status_code == 405
    assert c.get("/healthz").text == "ok\n"
    assert c.get("/static/report-page.css").status_code == 200
    assert c.get("/static/../app.py").status_code == 404


def test_an_unexpected_failure_is_a_plain_500_without_a_traceback(monkeypatch):
    import zoning_rules.web.plots as plots

    def boom(*a, **k):
        raise RuntimeError("secret internals /srv/x.py line 3")

    monkeypatch.setattr(plots, "plot_rows", boom)
    with client() as cl:
        r = cl.get("/")
    assert r.status_code == 500 and "Traceback" not in r.text and "secret" not in r.text
    assert "internal server error" in r.text
    assert "script-src 'self'" in r.headers["content-security-policy"]  # the last resort keeps the headers


def test_a_check_that_breaks_unexpectedly_is_a_plain_500(monkeypatch, c):
    def boom(*a, **k):
        raise RuntimeError("secret")

    monkeypatch.setattr("zoning_rules.checker.check", boom)
    r = upload(c, example(FAIL))
    assert r.status_code == 500 and "secret" not in r.text and "Traceback" not in r.text


def test_the_worker_processes_give_the_same_report_and_errors(tmp_path):
    """The server's real pool: results and refusals cross the process boundary intact."""
    with client(WebConfig(workers=1)) as cl:
        r = upload(cl, example(FAIL))
        assert r.status_code == 303
        assert re.findall(r'data-status="fail" data-code="([\w-]+)"', cl.get(r.headers["location"]).text) == \
            ["ZR-FAR", "ZR-HEIGHT"]
        bad = b"plot: BZ-13-10\nheight: 50 m2\n"
        r = upload(cl, ("bad.yaml", bad))
        assert r.status_code == 400 and cli_error(tmp_path, "bad.yaml", bad) in error_text(r.text)


def test_a_check_in_progress_does_not_block_other_pages(monkeypatch):
    """The check runs in the pool: while one is stuck, the plot pages still answer."""
    import httpx

    from zoning_rules.web.server import running

    release = threading.Event()
    entered = threading.Event()
    real = work.check_uploads

    def slow(*args, **kw):
        entered.set()
        release.wait(30)
        return real(*args, **kw)

    monkeypatch.setattr(work, "check_uploads", slow)
    with running(WebConfig(pool="thread", workers=2)) as url:
        results = {}

        def post():
            with FAIL.open("rb") as fh:
                results["r"] = httpx.post(url + "/check", files={"files": (FAIL.name, fh.read())},
                                          data={"as_of": "2021-06-01"}, timeout=60)

        t = threading.Thread(target=post)
        t.start()
        assert entered.wait(30)
        try:
            page = httpx.get(url + "/plots/BZ-13-10", timeout=10)
            assert page.status_code == 200 and "BZ-13-10" in page.text
            assert "r" not in results  # the check is still running
        finally:
            release.set()
            t.join(60)
    assert results["r"].status_code == 303


def test_importing_zoning_rules_or_its_cli_loads_no_web_library():
    import subprocess
    import sys

    code = ("import sys, zoning_rules, zoning_rules.cli; "
            "print(sorted(m for m in ('starlette', 'uvicorn', 'jinja2', 'multipart', 'playwright') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_an_ifc_model_is_checked_on_its_own_as_the_cli_checks_it(c, tmp_path):
    pytest.importorskip("ifcopenshell", reason="IFC models need the ifc extra")
    from ifc_models import passing, standard, write

    from zoning_rules.checker import check

    assert 'accept=".yaml,.yml,.json,.geojson,.dxf,.ifc"' in c.get("/check").text
    model = write(tmp_path, standard())  # green 33.33 % < 35 %: fails on ZR-GREEN
    r = upload(c, ("model.ifc", model.read_bytes()), as_of="2022-01-01")
    assert r.status_code == 303, error_text(r.text)
    page = c.get(r.headers["location"]).text
    expected = check(model, as_of="2022-01-01")
    shown = re.findall(r'<tr class="finding" data-status="(\w+)" data-code="([\w-]+)">', page)
    assert shown == [(f.status, f.code) for f in expected.findings]
    assert ("fail", "ZR-GREEN") in shown
    rid = r.headers["location"].split("/")[2].split("?")[0]
    bcf = c.get(f"/results/{rid}/1/report.bcf")
    assert bcf.status_code == 200 and bcf.content[:2] == b"PK"  # BCF 2.1 is a zip
    assert 'id="download-bcf"' in page
    ok = write(tmp_path, passing(site_psets={}), "bare.ifc")
    r = upload(c, ("with-plot.yaml", "plot: BZ-13-10\nland_use: RB\nsite_plan: bare.ifc\n"),
               ("bare.ifc", ok.read_bytes()), as_of="2022-01-01")
    assert r.status_code == 303, error_text(r.text)
    assert 'id="verdict-1" data-status="pass"' in c.get(r.headers["location"]).text


def test_a_model_named_by_path_is_refused_before_it_is_opened(c, monkeypatch):
    pytest.importorskip("ifcopenshell", reason="IFC models need the ifc extra")
    import zoning_rules.ifc as ifc

    opened = []
    monkeypatch.setattr(ifc, "model_fields", lambda *a, **k: opened.append(a) or {})
    r = upload(c, ("a.yaml", "site_plan: ../../etc/model.ifc\n"))
    assert r.status_code == 400 and opened == []
    assert "a.yaml:1: site_plan: the web application reads only files uploaded" in error_text(r.text)


def test_a_file_of_another_kind_is_refused_naming_the_kinds_accepted(c):
    r = upload(c, ("model.rvt", b"\x00\x01"))
    assert r.status_code == 400
    assert "model.rvt: not a design or site-plan file (expected .yaml, .yml, .json, .geojson, .dxf" in error_text(r.text)
