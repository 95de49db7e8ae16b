"""Reading a plan layer with pyogrio (GDAL): Shapefile, FileGDB, GeoPackage, GeoJSON.

The one thing GDAL cannot know is the text encoding of a Shapefile without a ``.cpg`` (and with no
code page in the DBF header): it then reads the bytes as Latin-1 and Chinese names turn to
mojibake.  Here the DBF's names and records are tried as UTF-8 and, failing that, as GBK
(GB18030, its superset), and the choice is reported — a guess that is checked byte for byte, and
said.  ``--encoding`` overrides it.
"""
from __future__ import annotations

import struct
import warnings
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..safeio import read_bytes, regular_file


@dataclass(frozen=True)
class Layer:
    frame: object  # geopandas.GeoDataFrame
    path: str
    layer: str | None
    encoding: str | None
    encoding_note: str | None  # how the encoding was decided, when it was not declared


def _pyogrio():
    try:
        import pyogrio
    except ImportError:  # pragma: no cover - depends on the installed extras
        raise InputError("reading a plan layer needs pyogrio and geopandas",
                         expected="pip install 'zoning-rules[plan]'") from None
    return pyogrio


def dbf_encoding(shp: Path) -> tuple[str | None, str | None]:
    """(encoding, note) for a Shapefile: its .cpg if any, else what the DBF's bytes decode as."""
    cpg = next((p for p in (shp.with_suffix(".cpg"), shp.with_suffix(".CPG")) if p.is_file()), None)
    if cpg is not None:
        return None, None  # GDAL reads the .cpg itself
    dbf = next((p for p in (shp.with_suffix(".dbf"), shp.with_suffix(".DBF")) if p.is_file()), None)
    if dbf is None:
        return None, None
    data = read_bytes(dbf, what="Shapefile attribute table (.dbf)")
    if len(data) < 32:
        return None, None
    ldid = data[29]
    header_len = struct.unpack("<H", data[8:10])[0]
    names = b"".join(data[i:i + 11].split(b"\0")[0] for i in range(32, max(32, header_len - 1), 32))
    text = names + data[header_len:]
    if all(b < 0x80 for b in text):
        return None, None
    if ldid:
        return None, None  # the DBF declares its code page (language driver id): GDAL honours it
    for enc, label in (("utf-8", "UTF-8"), ("gb18030", "GBK")):
        try:
            text.decode(enc)
        except UnicodeDecodeError:
            continue
        return label, (f"no .cpg file: the attribute bytes decode as {label}, read as {label} "
                       f"(give --encoding to override)")
    raise InputError("no .cpg file and the attributes are neither UTF-8 nor GBK", file=str(shp),
                     expected="--encoding NAME (e.g. GBK, BIG5, UTF-8)")


def read_layer(path: str | Path, *, layer: str | None = None, encoding: str | None = None) -> Layer:
    """The layer as a GeoDataFrame; errors name the file and what was expected."""
    pyogrio = _pyogrio()
    p = Path(path)
    if not p.exists():
        raise InputError("no such file", file=str(path), expected="a Shapefile, FileGDB (.gdb), GeoPackage or GeoJSON")
    if not p.is_dir():  # a FileGDB is a directory; every other source is one bounded regular file
        # before GDAL opens it: GDAL blocks on a FIFO and would read a file of any size
        regular_file(p, what="plan layer")
    note = None
    if encoding is None and p.suffix.lower() == ".shp":
        encoding, note = dbf_encoding(p)
    try:
        layers = pyogrio.list_layers(str(p))
    except Exception as exc:  # GDAL's DataSourceError and friends
        raise InputError(f"GDAL cannot open it: {exc}", file=str(path),
                         expected="a Shapefile, FileGDB (.gdb), GeoPackage or GeoJSON") from None
    names = [str(n) for n, _ in layers]
    if layer is None and len(names) > 1:
        raise InputError(f"the file holds {len(names)} layers: {', '.join(names)}", file=str(path),
                         field="--layer", expected="--layer NAME")
    if layer is not None and layer not in names:
        raise InputError(f"no layer {layer!r}", file=str(path), field="--layer", value=layer,
                         expected="one of " + ", ".join(names))
    kwargs = {"layer": layer} if layer is not None else {}
    if encoding is not None:
        kwargs["encoding"] = encoding
    try:
        with warnings.catch_warnings():  # NaN/inf coordinates: reported below as an invalid boundary, in one line
            warnings.simplefilter("ignore", RuntimeWarning)
            # a GeoJSON column of numbers and text arrives as text (which is what the values are read
            # from): pyogrio's warning about it is library talk on the officer's terminal
            warnings.filterwarnings("ignore", message="Could not parse column", category=UserWarning)
            frame = pyogrio.read_dataframe(str(p), **kwargs)
    except Exception as exc:
        raise InputError(f"GDAL cannot read the layer: {exc}", file=str(path)) from None
    frame = _nulls_apart_from_nan(frame, str(p), kwargs)
    return Layer(frame=frame, path=str(path), layer=layer or (names[0] if names else None),
                 encoding=encoding, encoding_note=note)


def _nulls_apart_from_nan(frame, path: str, kwargs: dict):
    """Every NULL cell as None, so that a NaN left is a NaN the layer holds.  pandas writes both as
    NaN; a NULL is an empty cell (no value, said as such) but a NaN is a value (a 0/0 exported) that
    must be listed, not dropped with the blanks.  In text and integer columns a NaN can only be a
    NULL; the float columns that hold NaN are read again, without geometry, through Arrow, which
    keeps the two apart."""
    import numpy as np

    missing = {c: frame[c].isna().to_numpy() for c in frame.columns if c != frame.geometry.name}
    missing = {c: m for c, m in missing.items() if m.any()}
    if not missing:
        return frame
    floats = [c for c in missing if frame[c].dtype.kind == "f"]
    if floats:
        import pyarrow.compute as pc

        pyogrio = _pyogrio()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                warnings.filterwarnings("ignore", message="Could not parse column", category=UserWarning)
                _, table = pyogrio.read_arrow(path, columns=floats, read_geometry=False, **kwargs)
        except Exception as exc:
            raise InputError(f"GDAL cannot read the layer: {exc}", file=path) from None
        for name in floats:
            if name in table.column_names and table.num_rows == len(frame):
                missing[name] = np.asarray(pc.is_null(table.column(name), nan_is_null=False)
                                           .to_numpy(zero_copy_only=False), dtype=bool)
    frame = frame.copy()
    for name, null in missing.items():
        column = frame[name].astype(object)
        column[null] = None
        frame[name] = column
    return frame
