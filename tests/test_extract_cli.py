"""``zoning-rules extract``: YAML on stdout or in --out, a summary on stderr, clear errors."""
from __future__ import annotations

from zoning_rules.cli import main
from zoning_rules.rulebook import load_rulebook


def test_extract_writes_a_draft_that_loads_as_a_rule_book(seed_text, tmp_path, capsys):
    seed = tmp_path / "seed.txt"
    seed.write_text(seed_text, encoding="utf-8")
    out = tmp_path / "draft.yaml"
    assert main(["extract", str(seed), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "31 plot(s)" in err and "0 item(s) to review" in err
    book = load_rulebook(out, embedded=False)
    assert book.history("BZ-13-10")[0].lines == (19, 21)


def test_extract_without_out_prints_yaml_only_on_stdout(write, capsys):
    from pathlib import Path

    letter = Path(__file__).resolve().parent / "fixtures" / "letters" / "wording_b.txt"
    assert main(["extract", str(letter)]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines()[0].startswith("#") and "format: 1" in captured.out
    assert "extracted 1 letter(s)" in captured.err and "extracted" not in captured.out


def test_extract_of_a_missing_file_or_a_text_without_letters_exits_2(write, tmp_path, capsys):
    assert main(["extract", str(tmp_path / "absent.txt")]) == 2
    assert "absent.txt" in capsys.readouterr().err
    notes = write("notes.txt", "容积率≤2.4\n")
    assert main(["extract", str(notes)]) == 2
    err = capsys.readouterr().err
    assert "notes.txt" in err and "no letter found" in err and "--date" in err and "Traceback" not in err


def test_the_same_letter_twice_with_different_text_is_an_error(write, capsys):
    from pathlib import Path

    letter = (Path(__file__).resolve().parent / "fixtures" / "letters" / "wording_b.txt").read_text(encoding="utf-8")
    a = write("a.txt", letter)
    b = write("b.txt", letter.replace("≤54 米", "≤60 米"))
    assert main(["extract", str(a), str(a)]) == 0
    capsys.readouterr()
    assert main(["extract", str(a), str(b)]) == 2
    assert "appears twice" in capsys.readouterr().err
