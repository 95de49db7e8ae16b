"""An officer's session in a real headless browser (Debian's chromium through Playwright) against
the real server (uvicorn on a free loopback port, checks in worker processes): look a plot up, see
its limits and history, upload the README's failing design and see 不通过 on the two failing rows,
download the PDF and find the same numbers in it, switch to English, upload a malformed file and
see the command line's error.  Screenshots of each page go to test-artifacts/web/."""
from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest

from conftest import EXAMPLES, REPO

pytest.importorskip("starlette", reason="the web application needs the web extra")
pytest.importorskip("uvicorn", reason="the web application needs the web extra")
sync_api = pytest.importorskip("playwright.sync_api", reason="the browser tests need playwright (test extra)")

ARTIFACTS = REPO / "test-artifacts" / "web"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
FAIL_DESIGN = EXAMPLES / "bz-13-10-fail.yaml"


def _chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:  # the project's own set-up installs it; try once, idempotently
        subprocess.run(["bash", str(REPO / "scripts" / "install-browser")], check=False)
        exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        pytest.skip("chromium is not installed and scripts/install-browser could not install it "
                    "(it needs apt-get as root)")
    return exe


@pytest.fixture(scope="module")
def base_url():
    from zoning_rules.web.app import WebConfig
    from zoning_rules.web.server import running

    with running(WebConfig(workers=1)) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    exe = _chromium()
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True,
                                  locale="zh-CN")
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.errors = errors
    yield pg
    context.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_an_officer_finds_a_plot_typed_loosely_and_sees_its_limits_letters_and_history(page, base_url):
    page.goto(base_url + "/")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    page.fill("#q", "ｂｚ－１３－１０")  # full-width, lower case: normalised as on the command line
    page.fill("#as_of", "2021-06-01")
    page.click("#search-button")
    page.wait_for_url(re.compile(r"/plots/BZ-13-10"))
    assert page.inner_text("#plot-title") == "地块 BZ-13-10"
    limits = page.inner_text("#limits")
    for text in ("容积率", "≤2.4", "吕政函〔2021〕2号", "第二条", "2021-01-11", "建筑高度", "≤50米"):
        assert text in limits, text
    envelope = page.inner_text("#envelope")
    assert "≤ 约 113 600.00 m²" in envelope  # 2.4 × the letter's 约 71 亩, approximate as on the CLI
    page.fill('input[name="site_area"]', "47333 m2")  # the surveyed area: exact
    page.click("#recompute")
    assert "≤ 113 599.20 m²" in page.inner_text("#envelope")
    history = page.locator("#history li")
    assert history.count() >= 1
    assert "吕政函〔2021〕2号" in history.first.inner_text()
    assert page.errors == []
    shot(page, "plot")


def test_a_mistyped_code_gets_the_nearest_codes(page, base_url):
    page.goto(base_url + "/")
    page.fill("#q", "BZ-13-1O")
    page.click("#search-button")
    notice = page.inner_text("#not-found")
    assert "未找到地块" in notice
    page.locator("a.suggestion", has_text="BZ-13-10").first.click()
    page.wait_for_url(re.compile(r"/plots/BZ-13-10"))
    shot(page, "plot-suggestions")


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def test_the_readmes_failing_design_fails_on_far_and_height_and_the_pdf_says_the_same(page, base_url):
    page.goto(base_url + "/check")
    page.set_input_files("#files", str(FAIL_DESIGN))
    page.fill("#check-as-of", "2021-06-01")
    page.click("#check-button")
    page.wait_for_url(re.compile(r"/results/"))
    verdict = page.inner_text("#verdict-1")
    assert "不通过" in verdict
    failing = page.locator('tr.finding[data-status="fail"]')
    assert sorted(failing.nth(i).get_attribute("data-code") for i in range(failing.count())) == ["ZR-FAR", "ZR-HEIGHT"]
    rows = {failing.nth(i).get_attribute("data-code"): failing.nth(i).inner_text() for i in range(failing.count())}
    assert "超出 0.80 m²" in rows["ZR-FAR"] and "不通过" in rows["ZR-FAR"]
    assert "51.20 m" in rows["ZR-HEIGHT"] and "超出 1.20 m" in rows["ZR-HEIGHT"]
    assert "吕政函〔2021〕2号 第二条 2021-01-11" in rows["ZR-FAR"]
    page_text = page.inner_text("body")
    assert page.errors == []
    shot(page, "report")

    with page.expect_download() as info:
        page.click("#download-pdf")
    download = info.value
    assert download.suggested_filename == "bz-13-10-fail.pdf"
    data = open(download.path(), "rb").read()
    assert data[:5] == b"%PDF-"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "report.pdf").write_bytes(data)
    text = re.sub(r"\s+", "", _pdf_text(data))
    for number in ("113599.20m²", "113600.00m²", "0.80m²", "51.20m", "1.20m", "2.40002"):
        assert number in re.sub(r"\s+", "", page_text), number
        assert number in text, number
    assert "结论：不通过" in text and "吕政函〔2021〕2号" in text and "审核人（签字）" in text

    with page.expect_download() as info:
        page.click("#download-json")
    import json

    report = json.loads(open(info.value.path(), encoding="utf-8").read())
    assert report["status"] == "fail"
    assert {f["code"] for f in report["reports"][0]["findings"] if f["status"] == "fail"} == {"ZR-FAR", "ZR-HEIGHT"}

    page.click("#lang-switch")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "verdict: FAIL" in page.inner_text("#verdict-1")
    assert "over by 0.80 m²" in page.inner_text('tr.finding[data-code="ZR-FAR"]')
    shot(page, "report-en")
    page.click("text=Plots")  # the language sticks across pages
    assert page.locator("html").get_attribute("lang") == "en"
    assert "All plots" in page.inner_text("main")
    shot(page, "plots-en")


def test_a_malformed_upload_shows_the_command_lines_error_on_the_page(page, base_url, tmp_path):
    from click.testing import CliRunner

    from zoning_rules.cli import cli

    bad = tmp_path / "bad-height.yaml"
    bad.write_text("plot: BZ-13-10\nname: 方案<script>alert(1)</script>\nheight: 50 m2\n", encoding="utf-8")
    page.goto(base_url + "/check")
    page.set_input_files("#files", str(bad))
    with page.expect_response(lambda r: r.url.endswith("/check") and r.request.method == "POST") as resp:
        page.click("#check-button")
    assert resp.value.status == 400
    shown = page.inner_text("#error")
    import os

    cwd = os.getcwd()
    os.chdir(tmp_path)  # the CLI names the file as given: run it where the upload's name is the path
    try:
        result = CliRunner().invoke(cli, ["check", bad.name, "--as-of", "2021-06-01"], standalone_mode=False)
    finally:
        os.chdir(cwd)
    assert result.exception is not None
    assert str(result.exception) in shown  # bad-height.yaml:3: height: '50 m2' is an area, expected a length
    assert "Traceback" not in page.content()
    shot(page, "error")


def test_several_designs_at_once_give_a_summary_linking_each_report(page, base_url):
    page.goto(base_url + "/check?lang=zh")
    page.set_input_files("#files", [str(EXAMPLES / "bz-13-10-pass.yaml"), str(FAIL_DESIGN)])
    page.fill("#check-as-of", "2021-06-01")
    page.click("#check-button")
    page.wait_for_url(re.compile(r"/results/"))
    rows = page.locator("#summary tbody tr")
    assert rows.count() == 2
    assert [rows.nth(i).get_attribute("data-status") for i in range(2)] == ["pass", "fail"]
    shot(page, "summary")
    rows.nth(1).locator("a.open-report").click()
    assert "不通过" in page.inner_text("#verdict-1")
    assert "bz-13-10-fail.yaml" in page.inner_text(".facts")


@pytest.fixture(scope="module")
def plan_url(tmp_path_factory):
    """The server on the embedded letters layered over the example plan layer (README, import-plan)."""
    pytest.importorskip("pyogrio", reason="plot boundaries need the plan extra")
    pytest.importorskip("matplotlib", reason="the map needs the figure extra")
    from zoning_rules.cli import main
    from zoning_rules.web.app import WebConfig
    from zoning_rules.web.server import running

    out = tmp_path_factory.mktemp("plan") / "plan-rules.yaml"
    assert main(["import-plan", str(EXAMPLES / "plan" / "lvliang-plan.geojson"), "--document",
                 "吕梁市新区控制性详细规划（2018版）", "--date", "2018-06-01", "--out", str(out)]) == 0
    with running(WebConfig(workers=1, rules=(str(out),))) as url:
        yield url


def test_with_the_plan_layered_the_timeline_shows_what_the_letter_changed_and_the_map_draws_the_plot(page, plan_url):
    page.goto(plan_url + "/plots/BZ-13-10?as_of=2021-06-01")
    entries = page.locator("#history li")
    assert [entries.nth(i).get_attribute("data-date") for i in range(entries.count())] == ["2018-06-01", "2021-01-11"]
    letter = entries.nth(1)
    assert "吕政函〔2021〕2号" in letter.inner_text() and "生效" in letter.inner_text()
    assert "已被替代" in entries.nth(0).inner_text()  # the plan, replaced by the letter
    change = letter.locator("table.changes tr", has_text="容积率")
    assert change.locator("td.old").inner_text() == "≤1.8" and change.locator("td.new").inner_text() == "≤2.4"
    img = page.locator("#plot-map img")
    assert page.locator("#plot-map a").get_attribute("href").startswith("/plots/BZ-13-10/map.png")
    img.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('#plot-map img').complete")
    assert img.evaluate("i => i.naturalWidth") > 300  # the map command's drawing, loaded from the server
    assert page.errors == []
    shot(page, "plot-plan")
