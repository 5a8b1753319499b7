"""Archive files read in bounded pieces: no record costs more memory than the limit.

A researcher's export may hold one line of 200 MB, or a gzip bomb; read whole, the
file and its decoded text took three times its size. Here a ``.gz`` file is
inflated as it is read, a line is read up to the limit and the rest of an oversized
one passed over in small pieces, and a whole-file format (a page, a feed) is read up
to the limit. The limit is ``max_body_bytes``, the one a fetched body has.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

CHUNK = 1 << 20  # bytes read from disk (and inflated) at a time
GZIP_WBITS = 16 + zlib.MAX_WBITS  # a gzip header and trailer around the deflate stream


def open_archive(path: Path) -> io.BufferedReader:
    """The file's bytes as a stream, inflated as they are read when it is ``.gz``."""
    if path.suffix == ".gz":
        return io.BufferedReader(Gunzipped(path.open("rb")), CHUNK)
    return path.open("rb", buffering=CHUNK)


def cut_short(stream: io.BufferedReader) -> bool:
    """Whether ``stream``, read to its end, was a compressed file cut short."""
    return isinstance(stream.raw, Gunzipped) and stream.raw.cut_short


def read_whole(stream: BinaryIO, limit: int) -> bytes | None:
    """The rest of ``stream``, or None when it holds more than ``limit`` bytes."""
    content = stream.read(limit + 1)
    return content if len(content) <= limit else None


def capped_lines(stream: BinaryIO, limit: int) -> Iterator[bytes | None]:
    """Each line of ``stream`` (its newline kept), or None for a line longer than
    ``limit`` bytes: that one is read past, never held.

    Only ``\\n`` ends a line, as JSON Lines says: ``str.splitlines`` also cut at
    U+2028 and the other Unicode line breaks, which JSON strings may hold."""
    while line := stream.readline(limit + 1):
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        while (rest := stream.readline(CHUNK)) and not rest.endswith(b"\n"):
            pass
        yield None


class Gunzipped(io.RawIOBase):
    """Every gzip member of a file, one after another, inflated as they are read.

    An archive cut short (a download or copy that stopped) still holds every record
    before the cut: ``gzip`` raises EOFError there, and read whole, a truncated JSON
    Lines export lost all of them. Here the stream ends at the cut and ``cut_short``
    says so. The zeros that pad a tape block
    between or after members are skipped; a damaged stream raises ``zlib.error``.
    """

    def __init__(self, raw: BinaryIO) -> None:
        super().__init__()
        self._raw = raw
        self._inflater = zlib.decompressobj(wbits=GZIP_WBITS)
        self._pending = b""  # read from the file, not yet inflated
        self._member_begun = False
        self.cut_short = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while True:
            data = self._next_input()
            # At most the buffer's size out: a bomb's next gigabyte waits in its input.
            out = self._inflater.decompress(data, len(buffer))
            self._pending = self._inflater.unconsumed_tail
            if self._inflater.eof:
                self._pending = self._inflater.unused_data
                self._inflater = zlib.decompressobj(wbits=GZIP_WBITS)
                self._member_begun = False
            if out:
                buffer[: len(out)] = out
                return len(out)
            if not data:  # the file ended, and with it what the inflater held
                self.cut_short = self._member_begun
                return 0

    def _next_input(self) -> bytes:
        """Input for the inflater; the zeros before a member are dropped."""
        data = self._pending or self._raw.read(CHUNK)
        if not self._member_begun:
            data = data.lstrip(b"\0")
            while not data and (more := self._raw.read(CHUNK)):
                data = more.lstrip(b"\0")
            self._member_begun = bool(data)
        return data

    def close(self) -> None:
        self._raw.close()
        super().close()
