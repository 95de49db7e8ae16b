"""The newcomer's path: the README's commands work on a fresh machine and its claims are true."""
from __future__ import annotations

import re
import sys
import tomllib
from fractions import Fraction

import pytest

from conftest import EXAMPLES, REPO
from zoning_rules.cli import main

README = (REPO / "README.md").read_text(encoding="utf-8")


def _first_block(text: str, lang: str) -> str:
    return re.search(rf"```{lang}\n(.*?)```", text, re.S).group(1)


def test_the_first_command_makes_a_virtual_environment_before_pip_install():
    """Where the system Python refuses `pip install .` (PEP 668), a venv is the way."""
    first = _first_block(README, "sh").splitlines()[0]
    assert "python3 -m venv" in first and first.index("venv") < first.index("pip install .")
    assert "PEP 668" in README and "python3-venv" in README


def test_the_test_command_says_it_installs_with_apt_needs_root_and_what_happens_without():
    assert "apt-get" in README and "root" in README and "skip" in README
    script = (REPO / "scripts" / "test").read_text(encoding="utf-8")
    assert "VIRTUAL_ENV" in script and "python3 -m venv" in script  # never pip into the system Python


def test_the_api_snippet_of_the_readme_runs_as_written(monkeypatch):
    monkeypatch.chdir(REPO)
    code = _first_block(README, "python")
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102 - our own README
    assert isinstance(namespace["data"], dict) and namespace["data"]["status"] == "fail"


def test_the_envelope_example_gives_the_figure_the_readme_quotes(capsys):
    assert "--site-area '47333 m2'" in README
    assert main(["envelope", "BZ-13-10", "--site-area", "47333 m2", "--as-of", "2021-06-01"]) in (0, None)
    assert "113 599.20" in capsys.readouterr().out


def test_the_report_pages_are_counted_as_the_readme_says(tmp_path):
    pytest.importorskip("weasyprint", reason="the PDF report needs the report extra")
    pypdf = pytest.importorskip("pypdf", reason="counting pages needs pypdf")
    from zoning_rules.reporters.fonts import chinese_fonts

    if not chinese_fonts():
        pytest.skip("no Chinese font installed (scripts/install-browser installs fonts-noto-cjk)")
    out = tmp_path / "r.pdf"
    assert main(["check", str(EXAMPLES / "bz-13-10-fail.yaml"), "--as-of", "2021-06-01", "--format", "pdf",
                 "-o", str(out)]) == 1
    pages = len(pypdf.PdfReader(str(out)).pages)
    words = {1: "one", 2: "two", 3: "three"}
    assert f"{words[pages]} A4 page" in README, pages


def test_a_pdf_without_any_chinese_font_is_refused_with_the_command_that_fixes_it(tmp_path, monkeypatch, capsys):
    pytest.importorskip("weasyprint", reason="the PDF report needs the report extra")
    import shutil

    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None)  # no fontconfig: no font known
    out = tmp_path / "r.pdf"
    code = main(["check", str(EXAMPLES / "bz-13-10-fail.yaml"), "--format", "pdf", "-o", str(out)])
    assert code == 2 and not out.exists()
    assert "fonts-noto-cjk" in capsys.readouterr().err


def _design_repo(tmp_path):
    (tmp_path / "designs").mkdir()
    (tmp_path / "designs" / "a.yaml").write_text((EXAMPLES / "bz-13-10-pass.yaml").read_text(encoding="utf-8"),
                                                 encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nmarkdown_extensions:\n  - pymdownx.emoji:\n"
                                         "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
                                         encoding="utf-8")
    (tmp_path / "ci.yml").write_text("on: [push]\njobs: {check: {runs-on: ubuntu-latest}}\n", encoding="utf-8")
    (tmp_path / "list.yaml").write_text("- a\n- b\n", encoding="utf-8")
    return tmp_path


def test_check_of_a_directory_skips_yaml_that_is_not_a_design_with_a_note(tmp_path, capsys):
    repo = _design_repo(tmp_path)
    assert main(["check", str(repo), "--as-of", "2021-06-01"]) == 0
    err = capsys.readouterr().err
    for name in ("mkdocs.yml", "ci.yml", "list.yaml"):
        assert f"skipped {repo / name}: not a design" in err


def test_a_file_named_explicitly_is_still_checked_unless_the_hook_asks_to_skip(tmp_path, capsys):
    repo = _design_repo(tmp_path)
    assert main(["check", str(repo / "ci.yml")]) == 2
    assert main(["check", "--skip-non-designs", str(repo / "ci.yml"), str(repo / "designs" / "a.yaml"),
                 "--as-of", "2021-06-01"]) == 0
    hooks = (REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "zoning-rules check --skip-non-designs" in hooks


def test_a_broken_design_in_a_directory_is_still_reported(tmp_path, capsys):
    (tmp_path / "bad.yaml").write_text("plot: BZ-13-10\nheight: [unclosed\n", encoding="utf-8")
    assert main(["check", str(tmp_path)]) == 2


def test_the_ci_examples_install_from_the_repository_not_from_an_index_that_lacks_the_package():
    for f in (REPO / "examples" / "ci").iterdir():
        for line in f.read_text(encoding="utf-8").splitlines():
            if "pip install" in line and not line.lstrip().startswith("#"):
                assert "git+" in line or "ZONING_RULES_SOURCE" in line, (f.name, line)


def test_english_output_says_1_design_in_the_singular(tmp_path, capsys):
    main(["check", str(EXAMPLES / "bz-13-10-pass.yaml"), "--as-of", "2021-06-01", "--lang", "en",
          "-o", str(tmp_path / "r.md"), "--format", "markdown"])
    out = capsys.readouterr().out
    assert "total 1 design:" in out and "1 designs" not in out


def test_limits_in_english_keep_the_approximate_marker(capsys):
    main(["limits", "BZ-13-10", "--as-of", "2021-06-01", "--lang", "en"])
    assert "approx. 71 亩" in capsys.readouterr().out


def test_a_within_site_area_shows_as_square_metres_not_a_fraction():
    from zoning_rules.report import FAIL, Finding
    from zoning_rules.reporters._common import actual_cell

    f = Finding(indicator="within_site", status=FAIL, reason="outside_site", message_zh="", message_en="",
                actual=Fraction(85349348246841, 625000000000))
    text = actual_cell(f, "en")
    assert "/" not in text and "136.56" in text


def test_pytest_and_hypothesis_are_test_dependencies_only():
    meta = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = " ".join(meta["dependencies"])
    assert "pytest" not in runtime and "hypothesis" not in runtime
    test = " ".join(meta["optional-dependencies"]["test"])
    assert "pytest" in test and "hypothesis" in test


def test_nothing_at_run_time_imports_pytest_or_hypothesis():
    import subprocess

    code = ("import sys, zoning_rules.cli as c\n"
            "c.main(['check', 'examples/bz-13-10-pass.yaml', '--as-of', '2021-06-01', '--format', 'json'])\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pytest', 'hypothesis', '_pytest')))\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120,
                         env={**__import__("os").environ, "PYTHONPATH": str(REPO / "src")})
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stderr
