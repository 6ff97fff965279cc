"""A second process that checks a share of a large file's chunks, so that the check uses two cores.

Checker.check_row is pure Python and needs nothing but the checker's tables, so a forked child (which inherits
the checker as it is) runs it; the parent reads the file, checks the other chunks itself and does everything that
depends on the order of the rows or on the database (registry.Classifier: in-file duplicates, registry look-ups,
probable duplicates), the staged file and the error report, always in file order.

The child closes every file descriptor it inherited except its own end of the pipe: the database sockets, the
staged file, the lease's lock file. So it can neither write into the parent's files nor keep the parent's lease
alive after the parent died (core/leases.py); a dead parent closes the pipe, and the child ends at once.
Only one request is outstanding at a time, so neither side can block the other on a full pipe.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import signal
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from django.conf import settings

from .checker import Checker
from .results import RowResult

Packed = tuple[
    int,
    str,
    list[tuple[str, str]],
    list[str],
    list[Any] | None,
    str,
    list[tuple[str, str]] | None,
    str | None,
    str | None,
]


def helper_wanted(total_rows: int) -> bool:
    """Worth a second process: a file of several chunks, a machine with a second core, fork available."""
    minimum = int(getattr(settings, "IMPORT_PARALLEL_MIN_ROWS", 20_000))
    return bool(getattr(settings, "IMPORT_CHECK_HELPER", True)) and total_rows >= minimum and fork_available()


class CheckHelper:
    """The child process: `submit(chunks)`, then `result()` for them before the next submit."""

    def __init__(self, checker: Checker) -> None:
        context = multiprocessing.get_context("fork")
        self._conn, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(checker, child), daemon=True)
        self._process.start()
        child.close()
        self._cells: dict[int, list[Any]] = {}

    def submit(self, chunks: list[list[tuple[int, list[Any]]]]) -> None:
        # The cells stay here: the child sends back only what it worked out.
        self._cells = {row_no: cells for chunk in chunks for row_no, cells in chunk}
        self._conn.send([_pack_chunk(chunk) for chunk in chunks])

    def ready(self) -> bool:
        """Whether the child has answered (or died): result() will not wait."""
        return self._conn.poll()

    def result(self) -> list[list[RowResult]]:
        """The results of the submitted chunks, chunk by chunk."""
        try:
            packed = self._conn.recv()
        except EOFError:
            raise RuntimeError("import check helper process died") from None
        if isinstance(packed, str):
            raise RuntimeError(f"import check helper failed: {packed}")
        cells = self._cells
        return [
            [
                RowResult(
                    row_no,
                    cells[row_no],
                    kind,
                    errors,
                    warnings,
                    staged,
                    nik,
                    False,
                    flags,
                    unmapped,
                    enumerator,
                )
                for row_no, kind, errors, warnings, staged, nik, flags, unmapped, enumerator in results
            ]
            for results in packed
        ]

    def close(self) -> None:
        self._conn.close()  # the child sees the end of its input and returns
        self._process.join(timeout=5)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()


class Forked:
    """`function(*args)` in a forked child while this process goes on; `result()` waits for what it returned.

    For work that needs only the file system and what the child inherits (no database: the child closes every
    inherited descriptor but its pipe, as the check helper does). The return value comes back pickled; an
    exception in the child comes back as a RuntimeError here.
    """

    def __init__(self, function: Callable[..., Any], *args: Any) -> None:
        context = multiprocessing.get_context("fork")
        self._conn, child = context.Pipe(duplex=False)
        self._process = context.Process(target=_run_once, args=(function, args, child), daemon=True)
        self._process.start()
        child.close()

    def result(self) -> Any:
        try:
            ok, value = self._conn.recv()
        except EOFError:
            raise RuntimeError("forked child died") from None
        finally:
            self.close()
        if not ok:
            raise RuntimeError(value)
        return value

    def close(self) -> None:
        """Stop the child if it is still at work (its result is no longer wanted) and reap it."""
        self._conn.close()
        if self._process.is_alive():
            self._process.kill()
        self._process.join()


def fork_available() -> bool:
    return (os.cpu_count() or 1) > 1 and "fork" in multiprocessing.get_all_start_methods()


def _run_once(function: Callable[..., Any], args: tuple[Any, ...], conn: Connection) -> None:
    _detach(conn)
    try:
        outcome = (True, function(*args))
    except Exception as exc:
        outcome = (False, f"{type(exc).__name__}: {exc}")
    conn.send(outcome)


def _detach(conn: Connection) -> None:
    """In a forked child: the parent's signal handlers and descriptors are not the child's business."""
    # The background worker's handlers (finish the current task on SIGTERM) are the parent's business; the
    # child stops when the parent closes the pipe or dies, or at once on SIGTERM.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    keep = conn.fileno()
    os.closerange(3, keep)
    os.closerange(keep + 1, _max_fd())


def _serve(checker: Checker, conn: Connection) -> None:
    _detach(conn)
    while True:
        try:
            chunks = conn.recv()
        except EOFError:
            return
        try:
            packed: list[list[Packed]] | str = [
                [
                    (
                        r.row_no,
                        r.kind,
                        r.errors,
                        r.warnings,
                        r.staged,
                        r.nik,
                        r.flags,
                        r.unmapped,
                        r.enumerator,
                    )
                    for r in checker.check_rows(_unpack_chunk(chunk))
                ]
                for chunk in chunks
            ]
        except Exception as exc:  # reported to the parent, which fails the check with it
            packed = f"{type(exc).__name__}: {exc}"
        conn.send(packed)


CELL, ROW = "\x1f", "\x1e"  # ASCII unit and record separators


def _pack_chunk(chunk: list[tuple[int, list[Any]]]) -> Any:
    """A chunk of text rows numbered one after another (any CSV) as one string: pickling 14 strings a row
    costs the parent about 4 µs, joining them 0.5 µs. Anything else (spreadsheet cells: numbers, dates;
    a cell holding a separator) is pickled as it is."""
    if not chunk or chunk[-1][0] - chunk[0][0] != len(chunk) - 1:
        return chunk
    rows = [cells for _n, cells in chunk]
    if not all(type(c) is str for cells in rows for c in cells):
        return chunk
    text = ROW.join([CELL.join(cells) for cells in rows])
    if text.count(ROW) != len(rows) - 1 or text.count(CELL) != sum(len(cells) - 1 for cells in rows if cells):
        return chunk
    return (chunk[0][0], text)


def _unpack_chunk(packed: Any) -> list[tuple[int, list[Any]]]:
    if isinstance(packed, list):
        return packed
    first, text = packed
    # A CSV's blank line ([]) comes back as [""]: blank either way, and the parent keeps its own cells.
    return list(zip(itertools.count(first), [line.split(CELL) for line in text.split(ROW)]))


def _max_fd() -> int:
    try:
        return int(os.sysconf("SC_OPEN_MAX"))
    except (ValueError, OSError):
        return 65536
