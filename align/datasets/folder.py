"""A test set in a folder of the user's own.

Layout (UTF-8 text, one sentence per line, the three files line-aligned):

    source.ar.txt       the Arabic sentences
    reference.en.txt    their English reference translations
    docids.txt          optional: a document id per line; runs of equal ids are one document. Without
                        it every sentence is a document of its own.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from align.errors import InputError

if TYPE_CHECKING:
    from align.datasets import Side

SOURCE = "source.ar.txt"
REFERENCE = "reference.en.txt"
DOC_IDS = "docids.txt"


def folder_lines(folder: Path, side: Side) -> tuple[list[str], list[str]]:
    """The ``source`` or ``reference`` sentences of the test set in ``folder`` (stripped) and their
    document ids.

    Raises :class:`InputError` naming the file when a file is missing, not UTF-8, empty, or of another
    length than the others."""
    source, reference = _lines(folder / SOURCE), _lines(folder / REFERENCE)
    # Both sides are read and counted: a reference one line short would otherwise score silently shifted.
    if len(reference) != len(source):
        raise InputError(
            f"{len(reference)} lines, but {SOURCE} has {len(source)}", path=str(folder / REFERENCE)
        )
    sentences = source if side == "source" else reference
    ids_path = folder / DOC_IDS
    if ids_path.exists():
        doc_ids = [line.strip() for line in _lines(ids_path)]
        if len(doc_ids) != len(sentences):
            raise InputError(
                f"{len(doc_ids)} document ids for {len(sentences)} sentences", path=str(ids_path)
            )
    else:
        doc_ids = [str(i) for i in range(len(sentences))]
    return [s.strip() for s in sentences], doc_ids


def _lines(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(
            f"not found: a test-set folder needs {SOURCE} and {REFERENCE} (and optionally {DOC_IDS})",
            path=str(path),
        ) from None
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", path=str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror or exc})", path=str(path)) from None
    lines = text.splitlines()
    if not lines:
        raise InputError("empty file", path=str(path))
    return lines
