"""The HTML (and PDF) report of a check against a rule book with plot boundaries (an imported plan)
draws the plot and its neighbours with the limits in force — inline SVG, no network — from what the
report carries (``Report.plot_map``), with the drawing ``zoning-rules map`` makes; a book without
boundaries gives a report without a map, and no error."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

pytest.importorskip("pyogrio")
pytest.importorskip("geopandas")
pytest.importorskip("matplotlib")
pytest.importorskip("jinja2")

from plan_layers import LVLIANG_CELL, import_lvliang_plan, lvliang_codes, lvliang_square  # noqa: E402

from conftest import EXAMPLES  # noqa: E402
from zoning_rules import check  # noqa: E402
from zoning_rules.cli import main  # noqa: E402
from zoning_rules.report import BatchReport  # noqa: E402
from zoning_rules.reporters import render  # noqa: E402
from zoning_rules.rulebook import load_rulebook  # noqa: E402

PLOT = "BZ-13-10"
AS_OF = "2021-06-01"
RADIUS = 150.0


def neighbours(plot: str) -> set[str]:
    """The plots of the 吕梁 layer within RADIUS m of ``plot``, from the squares themselves."""
    from shapely import box

    def square(code):
        x, y = lvliang_square(code)
        return box(x, y, x + LVLIANG_CELL, y + LVLIANG_CELL)

    focus = square(plot)
    return {c for c in lvliang_codes() if square(c).distance(focus) <= RADIUS}


@pytest.fixture(scope="module")
def plan(tmp_path_factory) -> Path:
    return import_lvliang_plan(tmp_path_factory.mktemp("plan"))


def figure_of(html: str, index: int = 1) -> str | None:
    m = re.search(rf'<figure class="site-plan plot-map" id="plot-map-{index}"(.*?)</figure>', html, re.S)
    return m.group(0) if m else None


def svg_texts(markup: str) -> set[str]:
    return {t.strip() for t in re.findall(r"<text[^>]*>(.*?)</text>", markup, re.S)} | \
        {line.strip() for t in re.findall(r"<text[^>]*>(.*?)</text>", markup, re.S) for line in t.splitlines()}


def test_check_format_html_inlines_the_map_naming_the_plot_and_its_neighbours(plan, tmp_path, capsys):
    out = tmp_path / "report.html"
    assert main(["check", str(EXAMPLES / "bz-13-10-pass.yaml"), "--rules", str(plan), "--as-of", AS_OF,
                 "--format", "html", "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    fig = figure_of(html)
    assert fig is not None and "<svg" in fig
    assert f'data-plot="{PLOT}"' in fig
    expected = neighbours(PLOT)
    assert len(expected) > 1  # the plot and at least one neighbour
    texts = " ".join(svg_texts(fig))
    for code in expected:
        assert code in texts, code
    assert set(re.search(r'data-plots="([^"]*)"', fig).group(1).split()) == expected
    # offline: nothing to fetch (the only URLs are XML namespaces)
    assert not re.search(r'(?:href|src)="(?:https?:)?//', html)


def test_the_map_shows_the_limits_in_force_on_the_reports_date(plan, tmp_path):
    book = load_rulebook(plan)
    from zoning_rules.plan.mapdraw import with_plot_maps

    before = with_plot_maps(BatchReport((check(EXAMPLES / "bz-13-10-pass.yaml", book, "2019-06-01"),)), book)
    after = with_plot_maps(BatchReport((check(EXAMPLES / "bz-13-10-pass.yaml", book, AS_OF),)), book)
    far = {r.plot_map.as_of.isoformat(): r.plot_map.layer.set_index("plot").loc[PLOT, "far_max"]
           for r in (before.reports[0], after.reports[0])}
    # the plan's ≤ 1.8 before the 2021 letter, the letter's ≤ 2.4 after it — as resolve() says
    assert far == {"2019-06-01": float(book.resolve(PLOT, _d("2019-06-01")).limits["far"].limit.max.value),
                   AS_OF: float(book.resolve(PLOT, _d(AS_OF)).limits["far"].limit.max.value)}
    assert far["2019-06-01"] != far[AS_OF]
    html = render(after, "html", "en")
    assert "FAR ≤2.4" in figure_of(html)


def _d(text):
    import datetime as dt

    return dt.date.fromisoformat(text)


def test_the_report_carries_its_map_and_renders_it_after_the_files_are_gone(plan, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(plan.parent, copy)
    book = load_rulebook(copy / plan.name)
    from zoning_rules.plan.mapdraw import with_plot_maps

    batch = with_plot_maps(BatchReport((check(EXAMPLES / "bz-13-10-pass.yaml", book, AS_OF),)), book)
    assert set(batch.reports[0].plot_map.codes) == neighbours(PLOT)
    shutil.rmtree(copy)  # the reporter never re-reads the rule book or its GeoPackage
    fig = figure_of(render(batch, "html", "zh"))
    assert fig is not None and PLOT in fig


def test_the_report_and_the_map_command_draw_the_same_plots_and_labels(plan, tmp_path, capsys):
    svg_file = tmp_path / "map.svg"
    assert main(["map", PLOT, "--rules", str(plan), "--as-of", AS_OF, "-o", str(svg_file)]) == 0
    html = tmp_path / "r.html"
    assert main(["check", str(EXAMPLES / "bz-13-10-pass.yaml"), "--rules", str(plan), "--as-of", AS_OF,
                 "--format", "html", "-o", str(html)]) == 0
    assert svg_texts(svg_file.read_text(encoding="utf-8")) == svg_texts(figure_of(html.read_text(encoding="utf-8")))


def test_a_rule_book_without_boundaries_gives_a_report_without_a_map_and_no_error(tmp_path, capsys):
    out = tmp_path / "report.html"
    assert main(["check", str(EXAMPLES / "bz-13-10-pass.yaml"), "--as-of", AS_OF, "--format", "html",
                 "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "plot-map" not in html.split("</style>")[1] and "<h1>" in html


def test_a_plot_without_a_boundary_in_a_book_with_boundaries_gets_no_map_and_no_error(plan, tmp_path, capsys):
    extra = tmp_path / "extra.yaml"
    extra.write_text("format: 1\nsources:\n  吕政函〔2021〕99号:\n    date: 2021-03-01\n"
                     "plots:\n  ZZ-01-01:\n    approvals:\n      - source: 吕政函〔2021〕99号\n"
                     "        limits: {far: {max: 2.0}}\n", encoding="utf-8")
    design = tmp_path / "d.yaml"
    design.write_text("plot: ZZ-01-01\nsite_area: 10000 平方米\nfloor_area: 15000 平方米\n", encoding="utf-8")
    out = tmp_path / "report.html"
    code = main(["check", str(design), "--rules", str(plan), "--rules", str(extra), "--as-of", AS_OF,
                 "--format", "html", "-o", str(out)])
    assert code in (0, 3)
    assert figure_of(out.read_text(encoding="utf-8")) is None


def test_the_pdf_report_prints_the_map_with_the_neighbours_codes(plan, tmp_path, capsys):
    pytest.importorskip("weasyprint")
    pypdf = pytest.importorskip("pypdf")
    from zoning_rules.reporters.fonts import chinese_fonts

    if not chinese_fonts():
        pytest.skip("no Chinese font installed: the PDF reporter refuses to print (scripts/install-browser)")
    out = tmp_path / "report.pdf"
    assert main(["check", str(EXAMPLES / "bz-13-10-pass.yaml"), "--rules", str(plan), "--as-of", AS_OF,
                 "--format", "pdf", "-o", str(out)]) == 0
    text = "".join(page.extract_text() for page in pypdf.PdfReader(str(out)).pages)
    for code in neighbours(PLOT):
        assert code in text


def test_a_plots_map_resolves_its_neighbours_only_not_the_whole_plan(plan, monkeypatch):
    from zoning_rules.plan.mapdraw import plot_map
    from zoning_rules.rulebook.model import RuleBook

    book = load_rulebook(plan)
    asked: list[str] = []
    resolve = RuleBook.resolve

    def counting(self, plot, as_of):
        asked.append(plot)
        return resolve(self, plot, as_of)

    monkeypatch.setattr(RuleBook, "resolve", counting)
    drawn = plot_map(book, _d(AS_OF), PLOT, radius=RADIUS)
    assert set(drawn.codes) == neighbours(PLOT)
    assert sorted(asked) == sorted(neighbours(PLOT))  # not every plot of the book
