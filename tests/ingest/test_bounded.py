import gzip
import io
import tracemalloc
import zlib
from pathlib import Path

import pytest

from tidings.ingest.bounded import capped_lines, cut_short, open_archive, read_whole


def lines_of(data: bytes, limit: int) -> list[bytes | None]:
    return list(capped_lines(io.BytesIO(data), limit))


def test_a_line_over_the_limit_is_passed_over_and_the_next_one_read() -> None:
    """The limit counts a line's bytes, its newline aside."""
    data = b"12345\n" + b"123456\n" + b"1234567" * 1000 + b"\nlast"
    assert lines_of(data, 6) == [b"12345\n", b"123456\n", None, b"last"]


def test_a_last_line_over_the_limit_without_a_newline_is_passed_over() -> None:
    assert lines_of(b"ok\n" + b"x" * 7, 6) == [b"ok\n", None]
    assert lines_of(b"ok\n" + b"x" * 6, 6) == [b"ok\n", b"x" * 6]


def test_only_a_newline_ends_a_line() -> None:
    """JSON strings may hold U+2028 and the other breaks str.splitlines cut at."""
    record = '{"text": "one\u2028two\x85three\rfour"}'.encode()
    assert lines_of(record + b"\r\n" + record, 100) == [record + b"\r\n", record]


def test_a_long_line_is_never_held_whole(tmp_path: Path) -> None:
    path = tmp_path / "one-line.jsonl"
    path.write_bytes(b"x" * 64_000_000 + b"\nafter\n")
    tracemalloc.start()
    try:
        with open_archive(path) as stream:
            assert list(capped_lines(stream, 1_000_000)) == [None, b"after\n"]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8_000_000


def test_gzip_members_and_the_zeros_padding_them_are_read_in_turn(tmp_path: Path) -> None:
    path = tmp_path / "joined.jsonl.gz"
    path.write_bytes(gzip.compress(b"a\n") + b"\0" * 5 + gzip.compress(b"b\n") + b"\0" * 9)
    with open_archive(path) as stream:
        assert stream.read() == b"a\nb\n"
        assert not cut_short(stream)


def test_a_gzip_file_cut_short_gives_what_it_holds_and_says_so(tmp_path: Path) -> None:
    data = bytes(range(256)) * 4000
    packed = gzip.compress(data)
    path = tmp_path / "cut.gz"
    path.write_bytes(packed[: len(packed) // 2])
    with open_archive(path) as stream:
        read = stream.read()
        assert cut_short(stream)
    assert 0 < len(read) < len(data) and data.startswith(read)


def test_a_gzip_bomb_is_inflated_no_further_than_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "bomb.html.gz"
    path.write_bytes(gzip.compress(b"\0" * 30_000_000, compresslevel=1))  # 30 MB of zeros
    tracemalloc.start()
    try:
        with open_archive(path) as stream:
            assert read_whole(stream, 1_000_000) is None
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8_000_000


def test_damage_inside_a_gzip_stream_raises_zlib_error(tmp_path: Path) -> None:
    packed = gzip.compress(b"<rss></rss>" * 100)
    path = tmp_path / "broken.xml.gz"
    path.write_bytes(packed[:10] + b"\xff" * 8 + packed[18:])
    with open_archive(path) as stream, pytest.raises(zlib.error):
        stream.read()
