"""Turning hypothesis and reference inputs into lines to score: text files (read the way sacrebleu's command
line reads them), newsalign Documents and the test sets' English side."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

from align.errors import InputError

if TYPE_CHECKING:
    from align.document import Document

Side = Literal["source", "reference"]
TEST_SET_NAMES: dict[str, str] = {
    "ntrex128": "ntrex128",
    "flores200": "flores200_devtest",
    "flores200_devtest": "flores200_devtest",
    "tico19": "tico19_test",
    "tico19_test": "tico19_test",
}


def read_lines(path: str | Path) -> list[str]:
    """A text file as segments, one per line, read the way sacrebleu's command line reads it: UTF-8, lines
    split on "\\n" only, trailing whitespace (and "\\r") removed from each. An empty file is an error."""
    name = str(path)
    try:
        with open(path, encoding="utf-8", newline="\n") as handle:
            lines = [line.rstrip() for line in handle]
    except FileNotFoundError:
        raise InputError("no such file", path=name) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a text file", path=name) from None
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", path=name) from None
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror or exc})", path=name) from None
    if not lines:
        raise InputError("empty file: no lines to score", path=name)
    return lines


def document_lines(doc: Document, *, path: str | None = None) -> list[str]:
    """The translations of a Document's translated paragraphs (``TRANSLATED_KINDS``; not pull-quotes),
    one line per segment, in order."""
    from align.translate.batching import TRANSLATED_KINDS

    lines: list[str] = []
    for paragraph in doc.paragraphs:
        if paragraph.kind not in TRANSLATED_KINDS:
            continue
        for segment in paragraph.segments:
            if segment.translation is None:
                raise InputError(
                    f"segment {segment.id} is not translated: translate the Document first", path=path
                )
            lines.append(" ".join(segment.translation.split()))
    if not lines:
        raise InputError("the Document has no translated segments to score", path=path)
    return lines


def testset_lines(name: str, side: Side = "reference") -> list[str]:
    """A test set's English ``reference`` (the original) or Arabic ``source`` side, one line per sentence,
    its documents concatenated in order. ``name`` is a key of :data:`TEST_SET_NAMES`."""
    from align.datasets import data_dir, load_test_set

    key = TEST_SET_NAMES.get(name.lower())
    if key is None:
        raise ValueError(f"unknown test set {name!r}; choose one of {', '.join(TEST_SET_NAMES)}")
    try:
        documents = load_test_set(key, side=side)
    except OSError as exc:
        where = getattr(exc, "filename", None) or str(data_dir())
        raise InputError(
            f"test set {name} is not available ({exc.strerror or exc}); set NEWSALIGN_DATA to the test-data"
            " directory",
            path=str(where),
        ) from None
    return [line for document in documents for line in document]


def stdin_lines() -> list[str]:
    """Standard input as segments, read as :func:`read_lines` reads a file (UTF-8, split on "\\n", trailing
    whitespace removed). Empty input is an error."""
    import sys

    data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode("utf-8")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", path="<stdin>") from None
    lines = [line.rstrip() for line in text.split("\n")]
    if lines and lines[-1] == "" and text.endswith("\n"):
        lines.pop()  # the newline ending the last line, as iterating over a file sees it
    if not text:
        raise InputError("empty input: no lines to score", path="<stdin>")
    return lines


def load_lines(spec: str, *, side: Side = "reference") -> list[str]:
    """Lines from a text file, standard input (``-``), a Document JSON (``.json``) or, when no such file
    exists, a test set name (its ``side``)."""
    if spec == "-":
        return stdin_lines()
    path = Path(spec)
    if not path.exists() and spec.lower() in TEST_SET_NAMES:
        return testset_lines(spec, side)
    if path.suffix.lower() == ".json" and path.is_file():
        from align.document import Document

        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise InputError("not a Document JSON file (not UTF-8 text)", path=spec) from None
        except OSError as exc:
            raise InputError(f"cannot read ({exc.strerror or exc})", path=spec) from None
        return document_lines(Document.from_json(text, path=spec), path=spec)
    if not path.exists():
        raise InputError(f"no such file (nor a test set: {', '.join(TEST_SET_NAMES)})", path=spec)
    return read_lines(path)
