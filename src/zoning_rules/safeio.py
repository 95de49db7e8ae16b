"""Bounded reading and whole-or-nothing writing: the edges where files meet the tool.

Reading: a path that is not a regular file (``/dev/zero``, a FIFO, a directory) is refused before
it is opened, and no file larger than ``max_file_bytes`` is read, so that no input can take
unbounded time or memory before parsing even starts.  The limits live in one frozen ``Bounds``
(``BOUNDS``); ``ZONING_RULES_MAX_FILE_MB`` raises or lowers the size limit for a bureau whose site
plans are larger.

Writing: every file the tool writes (``-o``, ``--out``, figures, result tables) is written beside
its target under a temporary name and renamed over it, so that an interrupted or failed write
leaves the old file or nothing — never a truncated file that looks complete.
"""
from __future__ import annotations

import contextlib
import os
import stat
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator

from .errors import InputError

if TYPE_CHECKING:  # pragma: no cover - reading (every check) needs no pathlib (~4 ms at import)
    from pathlib import Path


@dataclass(frozen=True)
class Bounds:
    """How much input the tool accepts before it refuses (every one a bad-input exit 2)."""

    #: bytes of one file read (designs, rule files, site plans, tables, letters)
    max_file_bytes: int = 64 * 1024 * 1024
    #: nesting of mappings and lists in YAML, JSON and GeoJSON
    max_depth: int = 64
    #: YAML aliases (``*name``) in one document
    max_aliases: int = 100
    #: values an alias may add to a document by repeating what it names (a "billion laughs" bomb)
    max_alias_expansion: int = 100_000
    #: vertices of one site plan (all features together)
    max_vertices: int = 2_000_000
    #: rows of one table of designs
    max_rows: int = 50_000_000


def _env_bounds() -> Bounds:
    raw = os.environ.get("ZONING_RULES_MAX_FILE_MB")
    if not raw:
        return Bounds()
    try:
        mb = float(raw)
        if not 0 < mb < 1e9:
            raise ValueError
    except ValueError:
        raise InputError(f"ZONING_RULES_MAX_FILE_MB={raw!r} is not a size in megabytes",
                         field="ZONING_RULES_MAX_FILE_MB", value=raw,
                         expected="a positive number of megabytes such as 256") from None
    return Bounds(max_file_bytes=int(mb * 1024 * 1024))


def bounds() -> Bounds:
    """The bounds in force (the environment is read on each call, so tests may change it)."""
    return _env_bounds()


def regular_file(path: str | Path, *, what: str = "file", cls: type[InputError] = InputError) -> os.stat_result:
    """The ``stat`` of ``path`` if it is a regular file within the size limit, else an input error.

    Checked before opening: opening a FIFO blocks until a writer comes, reading ``/dev/zero`` never
    ends, and a directory has nothing to read.
    """
    name = str(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise cls(f"{what} not found", file=name) from None
    except OSError as exc:
        raise cls(f"cannot read the {what}: {exc.strerror}", file=name) from None
    if stat.S_ISDIR(st.st_mode):
        raise cls(f"is a directory, expected a {what}", file=name, expected=f"a {what}")
    if not stat.S_ISREG(st.st_mode):
        kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(st.st_mode) else
                "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else
                "a socket" if stat.S_ISSOCK(st.st_mode) else "not a regular file")
        raise cls(f"is {kind}, expected a regular {what}", file=name, expected=f"a regular {what}")
    limit = bounds().max_file_bytes
    if st.st_size > limit:
        raise cls(f"is {st.st_size} bytes, more than the limit of {limit} bytes", file=name,
                  expected=f"a {what} of at most {limit // (1024 * 1024)} MB (ZONING_RULES_MAX_FILE_MB "
                           "raises the limit)")
    return st


def read_bytes(path: str | Path, *, what: str = "file", cls: type[InputError] = InputError) -> bytes:
    """The bytes of a regular file within the size limit (also if it grows while being read)."""
    regular_file(path, what=what, cls=cls)
    limit = bounds().max_file_bytes
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise cls(f"cannot read the {what}: {exc.strerror}", file=str(path)) from None
    if len(data) > limit:
        raise cls(f"is more than the limit of {limit} bytes", file=str(path))
    return data


def read_text(path: str | Path, *, what: str = "file", cls: type[InputError] = InputError) -> str:
    """UTF-8 text (a byte-order mark is dropped) of a bounded regular file."""
    raw = read_bytes(path, what=what, cls=cls)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise cls(f"not UTF-8 text (byte {exc.start})", file=str(path)) from None


# --- writing -------------------------------------------------------------------------------------

def same_file(a: "str | Path", b: "str | Path") -> bool:
    """Whether two paths name one file: the same path once links are followed, or (both existing)
    one inode — a hard link, a bind mount.  A path that does not exist is the same as nothing."""
    a, b = os.fspath(a), os.fspath(b)
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):  # missing, unreadable, or not a path at all ("-", NUL)
        return False


def not_an_input(output: "str | Path | None", inputs, *, field: str, what: str) -> None:
    """Refuse an output that names one of the ``inputs`` being read: writing it would replace
    the input (every command's ``-o``/``--out`` goes through here)."""
    if output is None:
        return
    for f in inputs:
        if f is not None and same_file(output, f):
            raise InputError(f"{output} is {what} (writing it would replace it)", field=field,
                             value=str(output), expected="a file of its own for the output")


@contextlib.contextmanager
def replacing(target: str | Path, *, field: str = "output") -> Iterator[Path]:
    """A temporary path beside ``target``; renamed over it when the block ends without error.

    For libraries that write to a path themselves (pandas, matplotlib).  On any error the
    temporary file is removed and the target is left as it was.  An ``OSError`` (a full disk, a
    missing directory, no permission) becomes an ``InputError`` naming the target.
    """
    import tempfile  # writing only: reading a design (every check) never needs it
    from pathlib import Path

    target = Path(target)
    stream = _not_a_file(target) or _system_link(target)
    if not stream and target.is_symlink():  # the file it names is replaced, the link is kept
        target = Path(os.path.realpath(target))
    directory = target.parent if str(target.parent) else Path(".")
    try:
        # a device or a pipe is written into, not replaced: the whole file goes to it once complete,
        # from a temporary file kept where temporary files go (not in /dev)
        fd, tmp = tempfile.mkstemp(dir=None if stream else directory, prefix=f".{target.name}.",
                                   suffix=f".part{target.suffix}")
        os.close(fd)
    except OSError as exc:
        raise InputError(f"cannot write {target}: {exc.strerror}", field=field, value=str(target)) from None
    try:
        yield Path(tmp)
        if stream:
            _pour(tmp, target)
            _discard(tmp)
        else:
            _keep_mode(tmp, target)
            os.replace(tmp, target)
    except OSError as exc:
        _discard(tmp)
        import errno

        why = "a named pipe no process reads" if stream and exc.errno == errno.ENXIO else exc.strerror
        raise InputError(f"cannot write {target}: {why}", field=field, value=str(target)) from None
    except BaseException:
        _discard(tmp)
        raise


def _not_a_file(target: Path) -> bool:
    """Whether ``target`` exists as something other than a regular file or a directory: a device
    (``-o /dev/null``, ``/dev/stdout``) or a named pipe.  Renaming over it would put a regular file
    in its place — as root, in place of /dev/null."""
    try:
        st = os.stat(target)  # follows symlinks: /dev/stdout → the terminal or the pipe behind it
    except OSError:
        return False
    return not stat.S_ISREG(st.st_mode) and not stat.S_ISDIR(st.st_mode)


def _system_link(target: Path) -> bool:
    """A link of the system's (``/dev/stdout`` → ``/proc/self/fd/1``) that names a regular file when
    stdout is redirected to one: written through, never renamed over — as root that rename once
    put a regular file in place of /dev/stdout itself."""
    if not target.is_symlink():
        return False
    here = os.path.abspath(target)
    return here.startswith(("/dev/", "/proc/")) or os.readlink(target).startswith(("/proc/", "/dev/"))


def _pour(tmp: str, target: Path) -> None:
    """Copy the finished file into a device or a pipe.  Opened without blocking, so a pipe nobody
    reads is an error (ENXIO) rather than a wait for ever; written blocking, as a reader takes it.
    A regular file behind ``/dev/stdout`` (a shell's ``> file``) is appended to, after what the
    command printed there, not written over from its start."""
    import fcntl

    flags = os.O_WRONLY | os.O_NONBLOCK
    try:
        st = os.stat(target)
    except OSError:
        st = None
    if st is not None and stat.S_ISREG(st.st_mode):
        shared = _own_stream(st)
        if shared is not None:  # our stdout or stderr itself: written at its offset, after what it holds
            _copy(tmp, shared)
            return
        flags |= os.O_APPEND
    fd = os.open(target, flags)
    try:
        fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)
        _copy(tmp, fd)
    finally:
        os.close(fd)


def _own_stream(st: os.stat_result) -> int | None:
    """The descriptor (1 or 2) of this process's stdout or stderr when it is the file ``st``,
    flushed first so that the report follows what was printed."""
    import sys

    for fd, stream in ((1, sys.stdout), (2, sys.stderr)):
        try:
            own = os.fstat(fd)
        except OSError:
            continue
        if (own.st_dev, own.st_ino) == (st.st_dev, st.st_ino):
            try:
                stream.flush()
            except (AttributeError, ValueError, OSError):
                pass
            return fd
    return None


def _copy(tmp: str, fd: int) -> None:
    with open(tmp, "rb") as src:
        while chunk := src.read(1 << 16):
            view = memoryview(chunk)
            while view:
                view = view[os.write(fd, view):]


def write_bytes(target: str | Path, data: bytes, *, field: str = "output") -> None:
    """Write ``data`` to ``target`` whole or not at all (flushed to disk before the rename)."""
    with replacing(target, field=field) as tmp:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())


def write_text(target: str | Path, text: str, *, field: str = "output") -> None:
    write_bytes(target, text.encode("utf-8"), field=field)


def _keep_mode(tmp: str, target: Path) -> None:
    """mkstemp makes 0600; a report is as readable as any file the user creates (umask)."""
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(tmp, mode)


def _discard(tmp: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(tmp)
