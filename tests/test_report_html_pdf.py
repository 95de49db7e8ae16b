"""The officer's report: one self-contained HTML file that a real headless browser renders with the
verdict, every source letter and the site-plan figure (screenshot kept in test-artifacts/), and
the same document as PDF with the same text."""
from __future__ import annotations

import re
import shutil
import struct
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import REPO
from report_batch import make_batch
from zoning_rules.reporters import render
from zoning_rules.reporters._common import STATUS

ARTIFACTS = REPO / "test-artifacts"
SITE_PLAN = ('<svg xmlns="http://www.w3.org/2000/svg" id="site-plan-svg" viewBox="0 0 200 120" '
             'width="400" height="240"><polygon points="10,10 190,10 190,110 10,110" fill="#dfe" '
             'stroke="#c00" stroke-width="2"/><rect x="40" y="30" width="60" height="40" fill="#999"/>'
             '<text x="45" y="55" font-size="10">11F</text></svg>')


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    return make_batch(tmp_path_factory.mktemp("designs"))


def figure(report):
    """Stands in for the geometry package's drawing: a figure for designs with a 'site plan'."""
    return SITE_PLAN if report.plot == "BZ-13-10" else None


def letters(batch) -> set[str]:
    out = set()
    for r in batch.reports:
        for f in r.findings:
            if f.approval is not None:
                out.add(f.approval.source.id)
        if r.resolution is not None:
            out.update(inf.approval.source.id for inf in r.resolution.limits.values())
    return out


@pytest.fixture(scope="session")
def chromium():
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:  # the project's own set-up installs it; try once, idempotently
        subprocess.run(["bash", str(REPO / "scripts" / "install-browser")], check=False)
        exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        pytest.skip("chromium could not be installed (scripts/install-browser needs apt-get as root)")
    return exe


def run_chromium(exe: str, *args: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
             f"--user-data-dir={profile}", *args],
            capture_output=True, text=True, timeout=120)


class _Text(HTMLParser):
    """Visible text of a document, one entry per text node (script/style left out)."""

    def __init__(self):
        super().__init__()
        self.chunks: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script", "title"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("style", "script", "title"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.chunks.append(data.strip())


def visible_text(html: str) -> list[str]:
    p = _Text()
    p.feed(html)
    return p.chunks


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_html_report_fetches_nothing_from_the_network(batch):
    html = render(batch, "html", figure=figure)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", html)
    assert "<link" not in html and "<script" not in html
    assert "@page" in html and "A4" in html


def test_headless_chromium_renders_verdicts_letters_and_the_figure(batch, chromium):
    ARTIFACTS.mkdir(exist_ok=True)
    page = ARTIFACTS / "report.html"
    page.write_text(render(batch, "html", figure=figure), encoding="utf-8")
    dom = run_chromium(chromium, "--dump-dom", page.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    rendered = dom.stdout
    (ARTIFACTS / "report.dom.html").write_text(rendered, encoding="utf-8")
    for i, report in enumerate(batch.reports, 1):
        m = re.search(rf'<p[^>]*id="verdict-{i}"[^>]*>(.*?)</p>', rendered, re.S)
        assert m, f"no verdict for {report.design}"
        assert STATUS["zh"][report.status] in m.group(1)
    for letter in letters(batch):
        assert letter in rendered, letter
    assert letters(batch) >= {"吕政函〔2021〕2号", "吕政函〔2021〕8号", "吕政函〔2021〕20号"}
    figures = re.findall(r'<figure class="site-plan"[^>]*>.*?</figure>', rendered, re.S)
    assert len(figures) == sum(r.plot == "BZ-13-10" for r in batch.reports) == 2
    assert all('id="site-plan-svg"' in f and "<polygon" in f for f in figures)
    assert "审核人（签字）" in rendered and "2022-01-01" in rendered

    shot = ARTIFACTS / "report.png"
    shot.unlink(missing_ok=True)
    res = run_chromium(chromium, f"--screenshot={shot}", "--window-size=794,1123", page.as_uri())
    assert res.returncode == 0 and shot.is_file(), res.stderr[-2000:]
    head = shot.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", head[16:24])
    assert (width, height) == (794, 1123)
    assert shot.stat().st_size > 20_000  # a rendered page, not a blank one


def _pdf_text(data: bytes) -> str:
    import io

    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _cjk_font() -> bool:
    fc = shutil.which("fc-list")
    if fc is None:
        return False
    return bool(subprocess.run([fc, ":lang=zh", "family"], capture_output=True, text=True).stdout.strip())


def test_the_pdf_carries_the_same_text_as_the_html(batch):
    pytest.importorskip("weasyprint", reason="the pdf format needs the report extra")
    if not _cjk_font():
        subprocess.run(["bash", str(REPO / "scripts" / "install-browser")], check=False)
        if not _cjk_font():
            pytest.skip("no CJK font could be installed (scripts/install-browser needs apt-get as root)")
    html = render(batch, "html", figure=figure)
    pdf = render(batch, "pdf", figure=figure)
    assert pdf[:5] == b"%PDF-"
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "report.pdf").write_bytes(pdf)
    text = squash(_pdf_text(pdf))
    missing = [chunk for chunk in visible_text(html) if squash(chunk) not in text]
    assert not missing, missing[:10]
    for letter in letters(batch):
        assert letter in text
    assert "结论：不通过" in text and "审核人（签字）" in text and "113599.20m²" in text


def test_the_english_html_is_the_same_document_in_english(batch):
    html = render(batch, "html", lang="en", figure=None)
    assert 'lang="en"' in html and "Officer (signature)" in html and "verdict: FAIL" in html
    assert "site-plan" not in html.split("</style>", 1)[1]  # no figure when none is drawn


def test_a_design_with_a_site_plan_gets_the_geometry_packages_figure_by_default():
    pytest.importorskip("matplotlib", reason="the site-plan drawing needs the geometry extra")
    from conftest import EXAMPLES
    from zoning_rules import check
    from zoning_rules.report import BatchReport

    design = EXAMPLES / "site-plans" / "bz-13-10-geojson.yaml"
    if not design.is_file():
        pytest.skip(f"{design} is not in this checkout")
    batch = BatchReport((check(design, as_of="2022-01-01"),))
    html = render(batch, "html")
    (figure_html,) = re.findall(r'<figure class="site-plan"[^>]*>.*?</figure>', html, re.S)
    assert "<svg" in figure_html and "<?xml" not in figure_html
    plain = render(BatchReport((check(EXAMPLES / "bz-13-10-pass.yaml", as_of="2022-01-01"),)), "html")
    assert '<figure class="site-plan"' not in plain
