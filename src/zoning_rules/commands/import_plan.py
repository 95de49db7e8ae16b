"""``zoning-rules import-plan LAYER``: a 控规 GIS layer → a rule file and its boundaries."""
from __future__ import annotations

import json

import click


@click.command("import-plan")
@click.argument("layer_path", metavar="LAYER")
@click.option("--document", required=True, metavar="DOC",
              help="Document number of the plan's approval (cited by every plot), e.g. 吕政函〔2019〕30号.")
@click.option("--date", "date", required=True, metavar="DATE", help="The date the plan was approved (ISO; not after today).")
@click.option("--mapping", metavar="FILE.yaml", type=click.Path(dir_okay=False),
              help="Which attribute is what (default: the common Chinese and pinyin names; docs/plan.md).")
@click.option("--out", "out", required=True, metavar="FILE.yaml", type=click.Path(dir_okay=False),
              help="The rule file to write; the boundaries go beside it as FILE.gpkg.")
@click.option("--layer", "layer", metavar="NAME", help="Layer of a multi-layer source (FileGDB, GeoPackage).")
@click.option("--encoding", metavar="NAME", help="Attribute encoding of a Shapefile without .cpg (GBK, UTF-8 …).")
@click.option("--crs", metavar="EPSG:NNNN", help="The CRS of a layer that declares none.")
@click.option("--repair", is_flag=True, help="Repair invalid (self-intersecting) boundaries; each is listed.")
@click.option("--title", metavar="TEXT", help="Title of the plan's document.")
@click.option("--issuer", metavar="TEXT", help="Who approved the plan.")
@click.option("--values", "values", type=click.Choice(["yaml", "gpkg"]), default="yaml", show_default=True,
              help="Where the plots' values go: yaml (one approval per plot, to read and edit) or gpkg "
                   "(columns of the GeoPackage, named under `table:` — for tens of thousands of plots).")
@click.option("--report", "report", metavar="FILE.json", type=click.Path(dir_okay=False),
              help="Also write the mapping and every finding as JSON.")
def import_plan(layer_path, document, date, mapping, out, layer, encoding, crs, repair, title, issuer, report,
                values="yaml"):
    """Import a regulatory plan layer (Shapefile, FileGDB, GeoPackage, GeoJSON) as a rule file.

    Prints which attribute was taken for what, names the attributes it could not place, and lists
    every value it could not read (plot, field, value) — recorded under review, never dropped.
    Errors (exit 2): no CRS without --crs, no code attribute, plots without a code, one code on
    plots with different values, invalid boundaries without --repair.
    """
    from ..dates import parse_issue_date
    from ..plan.importer import describe_mapping, import_layer
    from ..plan.storage import write_plan

    from pathlib import Path

    from ..plan.storage import check_targets

    day = parse_issue_date(date, field="--date")
    check_targets(Path(out), layer_path, report)  # before the import's work: nothing the user has may be lost
    result = import_layer(layer_path, document=document, date=day, mapping=mapping, layer=layer,
                          encoding=encoding, crs=crs, repair=repair, title=title, issuer=issuer)
    yaml_path, gpkg_path = write_plan(result, out, values=values, source=layer_path)
    from ..textsafe import shown

    echo = lambda text: click.echo(shown(text), err=True)  # noqa: E731 - the summary goes to stderr, escaped
    echo(f"{layer_path}: {result.rows} 个要素 (features) → {len(result.codes)} 个地块 (plots), {result.crs}")
    echo(f"字段对应 (mapping: {result.mapping.origin}):")
    for line in describe_mapping(result):
        echo(line)
    for note in result.notes:
        echo(f"  说明 (note): {note}")
    by_kind: dict[str, list] = {}
    for issue in result.issues:
        by_kind.setdefault(issue.kind, []).append(issue)
    for kind, items in by_kind.items():
        echo(f"{KINDS.get(kind, kind)}: {len(items)}")
        for issue in items:
            echo(f"  - {issue.message_zh}  |  {issue.message_en}")
    if values == "yaml" and len(result.codes) > LARGE:
        echo(f"  说明 (note): {len(result.codes)} plots in YAML load slowly (minutes for 50 000); "
             f"--values gpkg keeps the values in the GeoPackage and loads in seconds (docs/plan.md)")
    if report:
        data = {"layer": layer_path, "features": result.rows, "plots": len(result.codes), "crs": result.crs,
                "mapping": dict(result.mapping.fields), "unplaced": list(result.unplaced),
                "ignored": list(result.ignored), "notes": list(result.notes),
                "issues": [i.to_json() for i in result.issues],
                "rules": str(yaml_path), "boundaries": str(gpkg_path)}
        from ..safeio import write_text

        write_text(report, json.dumps(data, ensure_ascii=False, indent=1), field="report")
    click.echo(f"{yaml_path}\n{gpkg_path}")
    return 0


#: From this many plots on, the YAML layout is slow to load and the command says so.
LARGE = 5000

KINDS = {"unreadable": "无法读取的值 (values that cannot be read)",
         "text_limit": "无数值的限值 (limits without a number)",
         "no_boundary": "无边界的地块 (plots without a boundary)",
         "overlap": "重叠的地块 (overlapping plots)",
         "repaired": "已修复的边界 (repaired boundaries)",
         "merged": "合并的重复编码 (duplicate codes merged)",
         "land_use": "未知用地代码 (unknown land-use codes)",
         "area_differs": "用地面积与边界不符 (stated area differs from the boundary)"}
