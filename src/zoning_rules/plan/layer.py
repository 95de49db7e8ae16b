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
    cut_names: tuple[str, ...] = ()  # Shapefile field names the 10-byte limit may have cut


def _pyogrio():
    try:
        import pyogrio
    except ImportError:  # pragma: no cover - depends on the installed extras
        raise InputError("reading a plan layer needs pyogrio and geopandas",
                         expected="pip install 'zoning-rules[plan]'") from None
    return pyogrio


#: A DBF field name has at most this many bytes: GDAL and ArcGIS cut longer ones, a UTF-8 name of
#: four 汉字 (12 bytes) in the middle of its fourth character.
DBF_NAME_BYTES = 10


def _dbf(shp: Path) -> Path | None:
    return next((p for p in (shp.with_suffix(".dbf"), shp.with_suffix(".DBF")) if p.is_file()), None)


def _dbf_parts(data: bytes) -> tuple[list[bytes], bytes]:
    """(the raw field names, the records) of a DBF file's bytes."""
    header_len = struct.unpack("<H", data[8:10])[0]
    names = [data[i:i + 11].split(b"\0")[0] for i in range(32, max(32, header_len - 1), 32)
             if data[i:i + 1] != b"\r"]
    return names, data[header_len:]


def _decodes(names: list[bytes], records: bytes, enc: str) -> bool:
    """Whether the names and records are text in ``enc``; a name may end in the part of a character
    that the 10-byte limit cut (the rest of it is still that encoding)."""
    try:
        records.decode(enc)
    except UnicodeDecodeError:
        return False
    for name in names:
        try:
            name.decode(enc)
        except UnicodeDecodeError as exc:
            if not (exc.reason == "unexpected end of data" and len(name) >= DBF_NAME_BYTES - 3):
                return False
    return True


def dbf_encoding(shp: Path) -> tuple[str | None, str | None]:
    """(encoding, note) for a Shapefile: its .cpg if any, else what the DBF's bytes decode as."""
    cpg = next((p for p in (shp.with_suffix(".cpg"), shp.with_suffix(".CPG")) if p.is_file()), None)
    if cpg is not None:
        return None, None  # GDAL reads the .cpg itself
    dbf = _dbf(shp)
    if dbf is None:
        return None, None
    data = read_bytes(dbf, what="Shapefile attribute table (.dbf)")
    if len(data) < 32:
        return None, None
    ldid = data[29]
    names, records = _dbf_parts(data)
    if all(b < 0x80 for b in b"".join(names) + records):
        return None, None
    if ldid:
        return None, None  # the DBF declares its code page (language driver id): GDAL honours it
    for enc, label in (("utf-8", "UTF-8"), ("gb18030", "GBK")):
        if not _decodes(names, records, enc):
            continue
        return label, (f"no .cpg file: the attribute bytes decode as {label}, read as {label} "
                       f"(give --encoding to override)")
    raise InputError("no .cpg file and the attributes are neither UTF-8 nor GBK", file=str(shp),
                     expected="--encoding NAME (e.g. GBK, BIG5, UTF-8)")


def _recoded(frame, shp: Path, declared: str):
    """A Shapefile read as Latin-1 (every byte one character), decoded here as ``declared`` (UTF-8):
    GDAL cannot read a field name cut in the middle of a character, and GDAL/ArcGIS cut UTF-8 names
    at 10 bytes.  The cut character is dropped from the name (said in a note); a value that is not
    ``declared`` text is an error naming the field and the feature, with what it decodes as."""
    def text(v: str) -> bytes:
        return v.encode("latin-1")

    renames, cut = {}, []
    for col in frame.columns:
        if col == frame.geometry.name:
            continue
        raw = text(str(col))
        try:
            name = raw.decode(declared)
        except UnicodeDecodeError as exc:
            name = raw[:exc.start].decode(declared, errors="replace")
            cut.append(name)
        renames[col] = name
    for col in renames:
        values = frame[col]
        if not any(isinstance(v, str) for v in values.tolist()):
            continue  # numbers (and None for NULL): nothing to decode
        out = []
        for i, v in enumerate(values.tolist()):
            if not isinstance(v, str):
                out.append(v)
                continue
            raw = text(v)
            try:
                out.append(raw.decode(declared))
            except UnicodeDecodeError:
                other = next((label for enc, label in (("gb18030", "GBK"), ("big5", "BIG5"))
                              if _decodes([], raw, enc)), None)
                raise InputError(f"feature {i}: the bytes of {renames[col]} are not {declared.upper()} text, "
                                 f"as the layer declares" + (f"; they decode as {other}" if other else ""),
                                 file=str(shp), field=renames[col],
                                 expected=f"--encoding {other or 'NAME'} saying what the attributes are") from None
        import pandas as pd

        frame[col] = pd.Series(out, index=frame.index, dtype=object)  # None stays None (not NaN: no value)
    return frame.rename(columns=renames), tuple(cut)


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
    if encoding:
        import codecs

        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(f"unknown encoding {encoding!r}", field="--encoding", value=encoding,
                             expected="an encoding name such as GBK, GB18030, BIG5, UTF-8") from None
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
    cut: tuple[str, ...] = ()
    recode = None
    try:
        frame = _read(pyogrio, p, kwargs)
    except UnicodeDecodeError as exc:
        recode = _declared_encoding(p, encoding)
        if p.suffix.lower() != ".shp" or recode is None:
            raise InputError(f"the attributes are not text in the layer's encoding ({exc.reason} at byte "
                             f"{exc.start})", file=str(path), expected="--encoding NAME (e.g. GBK, UTF-8)") from None
        kwargs = {**kwargs, "encoding": "latin1"}  # every byte one character: decoded below, by us
        try:
            frame = _read(pyogrio, p, kwargs)
        except Exception as exc2:
            raise InputError(f"GDAL cannot read the layer: {exc2}", file=str(path)) from None
    except Exception as exc:
        raise InputError(f"GDAL cannot read the layer: {exc}", file=str(path)) from None
    import geopandas as gpd

    if not isinstance(frame, gpd.GeoDataFrame):  # pyogrio reads a table without geometry as a DataFrame
        raise InputError("the layer has no geometry (an attribute table: CSV, a GeoPackage table …)",
                         file=str(path), expected="a layer of plot polygons")
    if not len(frame):
        raise InputError("the layer has no features", file=str(path), expected="a layer of plot polygons")
    frame = _nulls_apart_from_nan(frame, str(p), kwargs)  # by the names as read, before any recoding
    if recode is not None:
        frame, cut = _recoded(frame, p, recode)
        if cut:
            note = "; ".join(filter(None, [note, (
                f"field names cut at {DBF_NAME_BYTES} bytes in the middle of a character (a Shapefile limit): "
                + ", ".join(f"{c}…" for c in cut) + " — matched by the start of the name")]))
    if p.suffix.lower() == ".shp":  # names of exactly 10 bytes may be cut too (GBK: at a character's end)
        enc = _declared_encoding(p, encoding) or "utf-8"
        try:
            "".encode(enc)
        except LookupError:
            enc = "utf-8"
        cut = tuple(cut) + tuple(c for c in frame.columns if c != frame.geometry.name and c not in cut
                                 and len(str(c).encode(enc, "replace")) == DBF_NAME_BYTES)
    return Layer(frame=frame, path=str(path), layer=layer or (names[0] if names else None),
                 encoding=encoding, encoding_note=note, cut_names=cut)


def _read(pyogrio, p: Path, kwargs: dict):
    with warnings.catch_warnings():  # NaN/inf coordinates: reported below as an invalid boundary, in one line
        warnings.simplefilter("ignore", RuntimeWarning)
        # a GeoJSON column of numbers and text arrives as text (which is what the values are read
        # from): pyogrio's warning about it is library talk on the officer's terminal
        warnings.filterwarnings("ignore", message="Could not parse column", category=UserWarning)
        return pyogrio.read_dataframe(str(p), **kwargs)


def _declared_encoding(shp: Path, given: str | None) -> str | None:
    """The encoding a Shapefile's attributes are read as: --encoding (or the guess), else its .cpg."""
    if given:
        return given.lower()
    cpg = next((q for q in (shp.with_suffix(".cpg"), shp.with_suffix(".CPG")) if q.is_file()), None)
    if cpg is None:
        return None
    try:
        label = read_bytes(cpg, what="code page file (.cpg)").decode("ascii", "replace").strip().lower()
    except InputError:
        return None
    return "utf-8" if label.replace("-", "").replace("_", "") in ("utf8", "65001") else (label or None)


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
