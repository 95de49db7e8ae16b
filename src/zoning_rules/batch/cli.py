"""``zoning-rules check --table designs.csv|designs.parquet [--output results.parquet]``.

The whole table is checked by ``check_table``; the result table goes to ``--output`` (Parquet, CSV or
JSON by suffix) or, without it, a summary and the failing findings print on stdout (JSON: every
finding as records).  The exit code follows ``check``'s policy (``--fail-on``).
"""
from __future__ import annotations

import sys

import click

from ..status import Status

#: How many failing findings the text summary lists before "…".
SHOWN = 20


def run(table_path: str, designs, as_of, rules, fmt: str, lang: str, output: str | None,
        fail_on: str | None, policy=None) -> int:
    from ..checker import DEFAULT_POLICY
    from ..dates import parse_date
    from ..commands._options import rulebook
    from ..errors import InputError
    from .io import read_table, write_table
    from .table import check_table

    if designs:
        raise click.UsageError("give either design files or --table, not both")
    if fmt not in ("text", "json"):
        raise InputError(f"--format {fmt} is for design files; a table's results are written with "
                         f"--output FILE.parquet|.csv|.json", field="format", value=fmt,
                         expected="text or json with --table")
    book = rulebook(rules)
    frame = read_table(table_path)
    if len(frame) == 0:
        raise InputError("the table holds no designs", file=table_path,
                         expected="a header and at least one row of designs")
    results = check_table(frame, book, parse_date(as_of), policy or DEFAULT_POLICY, name=table_path)
    statuses = set(results["status"].unique())
    if output is not None:
        write_table(results, output)
        click.echo(summary(results, lang), nl=False)
        click.echo(("结果已写入 " if lang == "zh" else "results written to ") + output)
    elif fmt == "json":
        sys.stdout.write(results.to_json(orient="records", force_ascii=False, date_format="iso"))
        sys.stdout.write("\n")
        click.echo(summary(results, lang), nl=False, err=True)
    else:
        click.echo(summary(results, lang), nl=False)
        click.echo(failing(results, lang), nl=False)
    return exit_code(statuses, fail_on)


def summary(results, lang: str) -> str:
    """Designs by overall status (fail beats indeterminate beats pass), and findings by status."""
    import numpy as np

    severity = {Status.PASS: 0, Status.WARN: 0, Status.INDETERMINATE: 1, Status.FAIL: 2}
    sev = results["status"].map(severity).astype(np.int8)
    worst = sev.groupby(results["design"].to_numpy(), sort=False).max()
    n = len(worst)
    by = {k: int((worst == v).sum()) for k, v in ((Status.PASS, 0), (Status.INDETERMINATE, 1), (Status.FAIL, 2))}
    counts = results["status"].value_counts()
    if lang == "zh":
        return (f"方案 {n} 个：通过 {by['pass']}，不符合 {by['fail']}，无法判定 {by['indeterminate']}；"
                f"核验项 {len(results)} 条（不符合 {counts.get('fail', 0)}，无法判定 "
                f"{counts.get('indeterminate', 0)}，提示 {counts.get('warn', 0)}）\n")
    return (f"{n} designs: {by['pass']} pass, {by['fail']} fail, {by['indeterminate']} indeterminate; "
            f"{len(results)} findings ({counts.get('fail', 0)} fail, {counts.get('indeterminate', 0)} "
            f"indeterminate, {counts.get('warn', 0)} warn)\n")


def failing(results, lang: str) -> str:
    bad = results[results["status"] == Status.FAIL]
    lines = []
    for row in bad.head(SHOWN).itertuples(index=False):
        lim = []
        if row.limit_min == row.limit_min:
            lim.append(f"≥{row.limit_min:g}")
        if row.limit_max == row.limit_max:
            lim.append(f"≤{row.limit_max:g}")
        actual = f"{row.actual:.6g}" if row.actual == row.actual else (row.actual_text or "")
        lines.append(f"  {row.design}  {row.plot}  {row.code}  {row.reason}  {actual}  "
                     f"{' '.join(lim)}  〔{row.source}〕")
    if len(bad) > SHOWN:
        lines.append(f"  … {len(bad) - SHOWN} " + ("条更多，用 --output 写出全部" if lang == "zh"
                                                  else "more; write them all with --output"))
    return "".join(line + "\n" for line in lines)


def exit_code(statuses: set, fail_on: str | None) -> int:
    """The same policy as ``check`` on design files."""
    from ..exitcodes import exit_code_of

    return exit_code_of(statuses, fail_on)
