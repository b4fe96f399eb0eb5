"""Turning hypothesis and reference inputs into lines to score: text files (read the way sacrebleu's command
line reads them), newsalign Documents and the test sets' English side (:mod:`align.datasets`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

from align.errors import InputError

if TYPE_CHECKING:
    from align.document import Document

Side = Literal["source", "reference"]


class Lines(list[str]):
    """The lines of a text file; ``dropped_blank`` says a blank last line was left out (see read_lines)."""

    dropped_blank: bool = False


def read_lines(path: str | Path) -> Lines:
    """A text file as segments, one per line, read the way sacrebleu's command line reads it: UTF-8, lines
    split on "\\n" only, trailing whitespace (and "\\r") removed from each. A missing final newline and a
    single blank line at the end (what many tools leave) do not count as a segment; ``dropped_blank`` on
    the result says the blank line was there, for a caller that must pair it with an empty segment. An empty
    file is an error."""
    name = str(path)
    try:
        with open(path, encoding="utf-8", newline="\n") as handle:
            lines = Lines(line.rstrip() for line in handle)
    except FileNotFoundError:
        raise InputError("no such file", path=name) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a text file", path=name) from None
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", path=name) from None
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror or exc})", path=name) from None
    if len(lines) > 1 and not lines[-1]:
        lines.pop()
        lines.dropped_blank = True
    if not lines:
        raise InputError("empty file: no lines to score", path=name)
    return lines


def document_lines(doc: Document, *, path: str | None = None) -> list[str]:
    """The translations of a Document's translated paragraphs (``Paragraph.is_translated``; not pull-quotes),
    one line per segment, in order."""

    lines: list[str] = []
    for paragraph in doc.paragraphs:
        if not paragraph.is_translated:
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
    its documents concatenated in order. ``name`` is anything :func:`align.datasets.load_test_set` takes: a
    shipped set or its alias, a sacrebleu ar-en set (downloaded on first use), or a test-set folder."""
    from align.datasets import load_test_set

    return [line for document in load_test_set(name, side=side) for line in document]


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
    """Lines from a text file, standard input (``-``), a Document JSON, a test-set folder or, when no such
    file exists, a test set name (its ``side``)."""
    from align.datasets import kind_of_test_set

    if spec == "-":
        return stdin_lines()

    path = Path(spec)
    if path.is_dir() or (not path.exists() and kind_of_test_set(spec) is not None):
        return testset_lines(spec, side)
    from align.document import Document, is_document_file

    if is_document_file(path):
        return document_lines(Document.load(path), path=spec)
    if not path.exists():
        from align.datasets import known_names

        raise InputError(f"no such file (nor a test set: {', '.join(known_names())})", path=spec)
    return read_lines(path)
