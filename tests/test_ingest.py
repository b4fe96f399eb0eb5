from __future__ import annotations

import io
from pathlib import Path

import pytest

from align.cli.common import exit_code
from align.errors import InputError
from align.ingest import read_article

ARABIC = "قال الوزير. ثم غادر\n\nفقرة ثانية"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (ARABIC.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + ARABIC.encode("utf-8"), "utf-8-sig"),
        (ARABIC.encode("utf-16"), "utf-16"),
        (ARABIC.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
    ],
)
def test_reads_text_encodings(tmp_path: Path, data: bytes, encoding: str) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    raw = read_article(path)
    assert raw.text == ARABIC
    assert raw.encoding == encoding
    assert raw.format == "text"
    assert len(raw.sha256) == 64


def test_reads_stdin() -> None:
    raw = read_article("-", stdin=io.BytesIO(ARABIC.encode()))
    assert raw.text == ARABIC
    assert raw.source == "<stdin>"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b"  \n\n\t \n", "is empty"),
        (b"\xef\xbb\xbf\n", "is empty"),
        ("قال".encode() + b"\x00\x01\x02", "looks binary (NUL byte at offset 6)"),
        (b"caf\xe9 cr\xe8me br\xfbl\xe9e", "not valid UTF-8 (byte 0xe9 at offset 3) and not Arabic"),
        ("قال الوزير".encode() + b" \xff", "not valid UTF-8 (byte 0xff at offset 20)"),
    ],
)
def test_bad_files(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        read_article(path)
    assert str(info.value).startswith(f"{path}: ")
    assert message in str(info.value)
    assert exit_code(info.value) == 2


def test_missing_directory_and_too_large(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_article(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_article(tmp_path)
    big = tmp_path / "big.txt"
    big.write_bytes(("ا" * 600_000).encode())
    with pytest.raises(InputError, match="larger than the 1 MiB limit"):
        read_article(big, max_bytes=1024 * 1024)


def test_unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # chmod 0 does not stop root (CI), so make the open itself fail the way it would for a user.
    path = tmp_path / "secret.txt"
    path.write_text(ARABIC, encoding="utf-8")

    def deny(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", deny)
    with pytest.raises(InputError, match="permission denied"):
        read_article(path)


@pytest.mark.parametrize("encoding", ["cp1256", "iso8859_6"])
def test_legacy_arabic_encodings_are_detected_and_reported(tmp_path: Path, encoding: str) -> None:
    text = "قال الوزير إن الحكومة ستعلن خطتها الجديدة للاقتصاد يوم الأحد، وأضاف أن التفاصيل ستنشر لاحقا.\n"
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode(encoding))
    raw = read_article(path)
    assert raw.text == text
    assert raw.encoding == encoding
