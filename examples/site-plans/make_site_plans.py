"""Writes the example site plans from one layout in local metres (run: python make_site_plans.py).

- bz-13-10.geojson: BZ-13-10 (商住, 吕政函〔2021〕2号) in lon/lat, as RFC 7946 wants;
- bz-13-10.dxf: the same plan drawn with ezdxf in EPSG:4546 metres (CGCS2000 GK zone 37), on the
  default layers with storey labels, as a design institute would send it;
- huoyuanjie-south-setback.geojson: 货源街南地块 (吕政办函〔2021〕43号) in local metres, with a large
  shopping centre 7 m from the road red line where 10 m is required.
"""
from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
#: Where BZ-13-10's local origin (south-west corner of the site) sits in EPSG:4546.
ORIGIN_E, ORIGIN_N = 511_800.0, 4_153_900.0


def rect(x0, y0, x1, y1):
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]


def bz_13_10():
    """(role, ring or points, properties) in local metres; x east, y north."""
    tower = {"storeys": 16, "storey_height": 3.0, "parapet": 49.2, "use": "住宅"}
    feats = [("site", [(0, 0), (250, 0), (260, 10), (260, 182.25), (0, 182.25), (0, 0)], {"name": "BZ-13-10"}),
             ("road", [(-40, 0), (300, 0)], {"name": "南侧道路红线"}),
             ("road", [(260, -40), (260, 220)], {"name": "东侧道路红线"}),
             ("building", rect(20, 10, 140, 30),
              {"name": "S1#", "storeys": 3, "storey_height": 4.5, "parapet": 14.7, "use": "商业"}),
             ("building", rect(170, 15, 200, 35),
              {"name": "C1#", "storeys": 2, "storey_height": 3.3, "roof": "pitched", "eave": 6.9,
               "ridge": 10.5, "use": "commercial"})]
    n = 1
    for y0 in (55, 125):
        for x0 in (20, 68, 116, 164, 212):
            feats.append(("building", rect(x0, y0, x0 + 38, y0 + 16), {"name": f"{n}#", **tower}))
            n += 1
    feats += [("green", rect(20, 85, 250, 111), {"name": "中心集中绿地", "kind": "concentrated"}),
              ("green", rect(10, 150, 250, 178), {"name": "北侧绿地", "kind": "ground"}),
              ("green", rect(20, 40, 250, 50), {"name": "地下车库顶板绿地", "kind": "roof_over_basement",
                                                  "soil_depth": 1.5}),
              ("green", rect(210, 15, 250, 35), {"name": "薄覆土绿地", "kind": "roof_over_basement",
                                                   "soil_depth": 1.2}),
              ("green", rect(-3, 40, 10, 150), {"name": "西侧绿地", "kind": "ground"})]
    for y0 in (55, 125):
        for x0 in (58, 106, 154, 202):
            feats.append(("green", rect(x0, y0, x0 + 10, y0 + 16), {"name": "楼间绿地", "kind": "ground"}))
    feats += [("entrance", (155, 0), {"name": "主入口"}), ("entrance", (0, 100), {"name": "次入口"})]
    return feats


def huoyuanjie_south():
    return [("site", rect(0, 0, 220, 219.7), {"name": "货源街南地块"}),
            ("road", [(-30, 0), (250, 0)], {"name": "货源街道路红线"}),
            ("road", [(0, -30), (0, 250)], {"name": "西侧道路红线"}),
            ("building", rect(7, 7, 127, 57),
             {"name": "M1# 购物中心", "storeys": 5, "storey_height": 5.0, "parapet": 26.5, "use": "商业"}),
            ("building", rect(160, 20, 190, 50),
             {"name": "O1# 办公", "storeys": 24, "storey_height": 3.9, "parapet": 95.0, "use": "办公"}),
            *[("building", rect(x0, 110, x0 + 40, 130),
               {"name": f"R{i}# 住宅", "storeys": 30, "storey_height": 3.0, "parapet": 91.5, "use": "住宅"})
              for i, x0 in enumerate((15, 90, 160), 1)],
            ("green", rect(5, 150, 215, 215), {"name": "集中绿地", "kind": "concentrated"}),
            ("green", rect(130, 60, 215, 100), {"name": "东侧绿地", "kind": "ground"}),
            ("entrance", (145, 0), {"name": "货源街入口"})]


def feature(role, coords, props, to_xy):
    props = {"role": role, **props}
    if role == "entrance":
        return {"type": "Feature", "properties": props, "geometry": {"type": "Point", "coordinates": to_xy(*coords)}}
    pts = [to_xy(x, y) for x, y in coords]
    kind = "LineString" if role == "road" else "Polygon"
    return {"type": "Feature", "properties": props,
            "geometry": {"type": kind, "coordinates": pts if kind == "LineString" else [pts]}}


def write_geojson(path: Path, feats, to_xy) -> None:
    lines = [json.dumps(feature(*f, to_xy), ensure_ascii=False) for f in feats]
    path.write_text('{"type": "FeatureCollection", "features": [\n' + ",\n".join(lines) + "\n]}\n",
                    encoding="utf-8")


def write_dxf(path: Path, feats) -> None:
    import ezdxf

    layers = {"site": "用地红线", "building": "建筑轮廓", "road": "道路红线", "entrance": "出入口"}
    green_layers = {"ground": "绿地", "concentrated": "集中绿地", "roof_over_basement": "地下室顶板绿地"}
    doc = ezdxf.new("R2018")
    doc.header["$INSUNITS"] = 6  # metres
    msp = doc.modelspace()
    for role, coords, props in feats:
        if role == "entrance":
            msp.add_point((ORIGIN_E + coords[0], ORIGIN_N + coords[1]), dxfattribs={"layer": layers[role]})
            continue
        layer = green_layers[props["kind"]] if role == "green" else layers[role]
        pts = [(ORIGIN_E + x, ORIGIN_N + y) for x, y in coords]
        closed = role != "road"
        msp.add_lwpolyline(pts[:-1] if closed else pts, close=closed, dxfattribs={"layer": layer})
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        centre = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
        if role == "building":
            label = f"{props['name']} {props['storeys']}F 层高{props['storey_height']}m"
            if props.get("roof") == "pitched":
                label += f" 檐口{props['eave']}m 屋脊{props['ridge']}m"
            else:
                label += f" H={props['parapet']}m"
            label += " " + props["use"]
            msp.add_text(label, height=1.5, dxfattribs={"layer": "文字"}).set_placement(centre)
        elif role == "green" and "soil_depth" in props:
            msp.add_text(f"覆土{props['soil_depth']}m", height=1.5,
                         dxfattribs={"layer": "文字"}).set_placement(centre)
    doc.saveas(path)


def main() -> None:
    from pyproj import Transformer

    to_lonlat = Transformer.from_crs("EPSG:4546", "EPSG:4326", always_xy=True)

    def lonlat(x, y):
        lon, lat = to_lonlat.transform(ORIGIN_E + x, ORIGIN_N + y)
        return [round(lon, 9), round(lat, 9)]

    write_geojson(HERE / "bz-13-10.geojson", bz_13_10(), lonlat)
    write_dxf(HERE / "bz-13-10.dxf", bz_13_10())
    write_geojson(HERE / "huoyuanjie-south-setback.geojson", huoyuanjie_south(), lambda x, y: [x, y])


if __name__ == "__main__":
    main()
