"""The test sets newsalign scores against: names, aliases, files, loading and grouping into documents.

Three ar->en test sets ship inside the package, compressed, each with its licence and citation (``data/``):
NTREX-128, FLORES-200 devtest and TICO-19 test. Every name below also accepts

- any Arabic-English test set that sacrebleu's downloader knows (``iwslt17``), fetched once into
  sacrebleu's own cache (``$SACREBLEU``, default ``~/.sacrebleu``): :mod:`align.datasets.remote`;
- a folder of the user's own in the layout of :mod:`align.datasets.folder`.

A test set is one sentence per line and one document id per line; :func:`load_test_set` returns its
documents (runs of equal, contiguous ids) as lists of stripped sentences.
"""

from __future__ import annotations

import gzip
import os
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from align.errors import NewsalignError, UsageError

Documents = list[list[str]]
Side = Literal["source", "reference"]

PACKAGED = Path(__file__).resolve().parent / "data"


class UnknownTestSetError(UsageError, ValueError):
    """The name is neither a shipped test set, nor one sacrebleu can download, nor a folder."""


class TestSetUnavailableError(NewsalignError):
    """A known test set cannot be read or downloaded (a broken install, ``$NEWSALIGN_DATA`` pointing to the
    wrong place, no network for a first download)."""

    __test__ = False  # not a pytest test class, despite the name


@dataclass(frozen=True)
class TestSet:
    """A shipped test set: where its Arabic sentences, English references and document ids live, relative
    to the data directory (each file plain or gzip-compressed, ``NAME`` or ``NAME.gz``)."""

    name: str
    text: str  # Arabic, the source side for ar->en
    reference: str  # English, the original
    doc_ids: str
    # Document id of an id-file line: NTREX/FLORES lines are the id itself; TICO-19's info file is a TSV
    # whose first column is "DOC:N".
    doc_id_of: Callable[[str], str]
    aliases: tuple[str, ...] = ()

    __test__ = False  # not a pytest test class, despite the name


def _whole_line(line: str) -> str:
    return line.strip()


def _tico_doc(line: str) -> str:
    return line.split("\t", 1)[0].rsplit(":", 1)[0]


# The one table of shipped test sets and the names they answer to.
TEST_SETS: dict[str, TestSet] = {
    t.name: t
    for t in (
        TestSet(
            "ntrex128",
            "ntrex128/ntrex128.arb.txt",
            "ntrex128/ntrex128.eng.txt",
            "ntrex128/ntrex128.docids.txt",
            _whole_line,
            aliases=("ntrex", "ntrex-128"),
        ),
        TestSet(
            "flores200_devtest",
            "flores200_devtest/flores200.devtest.arb_Arab.txt",
            "flores200_devtest/flores200.devtest.eng_Latn.txt",
            "flores200_devtest/flores200.devtest.docids.txt",
            _whole_line,
            aliases=("flores200", "flores", "flores-200"),
        ),
        TestSet(
            "tico19_test",
            "tico19_test/tico19-test.ara.txt",
            "tico19_test/tico19-test.eng.txt",
            "tico19_test/tico19-test.info.txt",
            _tico_doc,
            aliases=("tico19", "tico", "tico-19"),
        ),
    )
}
ALIASES: dict[str, str] = {alias: t.name for t in TEST_SETS.values() for alias in (t.name, *t.aliases)}


def data_dir() -> Path:
    """Where the shipped test sets are read from: ``$NEWSALIGN_DATA`` when set (an override, e.g. for
    newer copies), else the package's own ``data/`` folder."""
    env = os.environ.get("NEWSALIGN_DATA")
    return Path(env) if env else PACKAGED


def shipped_name(name: str) -> str | None:
    """The canonical name of a shipped test set (``flores`` -> ``flores200_devtest``), or None."""
    return ALIASES.get(name.strip().lower())


def group_documents(sentences: Sequence[str], doc_ids: Sequence[str]) -> Documents:
    """Sentences grouped into documents by runs of equal, contiguous document ids, in order."""
    if len(sentences) != len(doc_ids):
        raise ValueError(f"{len(sentences)} sentences but {len(doc_ids)} document ids")
    documents: Documents = []
    previous: str | None = None
    for sentence, doc_id in zip(sentences, doc_ids, strict=True):
        if doc_id != previous or not documents:
            documents.append([])
            previous = doc_id
        documents[-1].append(sentence)
    return documents


def kind_of_test_set(name: str) -> Literal["shipped", "sacrebleu", "folder"] | None:
    """How ``name`` would be loaded: a shipped set, a sacrebleu download, a folder, or None (unknown).

    A folder wins over a name: ``./ntrex128`` (an existing directory) is read as a folder."""
    if Path(name).is_dir():
        return "folder"
    if shipped_name(name) is not None:
        return "shipped"
    from align.datasets.remote import sacrebleu_name

    if sacrebleu_name(name) is not None:
        return "sacrebleu"
    return None


def canonical_name(name: str) -> str:
    """The name reports should show for ``name``: the shipped set's own name, sacrebleu's name, or the
    folder as given."""
    kind = kind_of_test_set(name)
    if kind == "shipped":
        return shipped_name(name) or name
    if kind == "sacrebleu":
        from align.datasets.remote import sacrebleu_name

        return sacrebleu_name(name) or name
    return name


def known_names() -> list[str]:
    """Every name :func:`load_test_set` accepts besides a folder: shipped sets first, then sacrebleu's."""
    from align.datasets.remote import sacrebleu_sets

    return [*TEST_SETS, *sacrebleu_sets()]


def load_test_set(name: str, root: Path | None = None, side: Side = "source") -> Documents:
    """Test set ``name`` as documents of stripped sentences: the Arabic ``source`` side or the English
    ``reference`` (for the shipped sets, the original).

    ``name`` is a shipped set or an alias (:data:`ALIASES`), read from ``root`` (default
    :func:`data_dir`); an Arabic-English set of sacrebleu's, downloaded on first use into sacrebleu's
    cache; or a folder (:mod:`align.datasets.folder`). Raises :class:`UnknownTestSetError` (a
    ``ValueError``) for anything else."""
    return group_documents(*_sentences_and_ids(name, root, side))


def shipped_sources() -> list[tuple[str, Documents]]:
    """The Arabic documents of every shipped test set that can be read, by name; a set that cannot (not
    installed, unreadable) is logged and left out. What the word evidence of repair and of the PDF reader
    is counted from."""
    import logging

    out = []
    for name in TEST_SETS:
        try:
            out.append((name, load_test_set(name)))
        except (OSError, ValueError) as exc:
            logging.getLogger(__name__).info("test set %s not available (%s)", name, exc)
    return out


def load_pair(name: str) -> tuple[Documents, Documents]:
    """Both sides of test set ``name``: (Arabic documents, English reference documents), aligned."""
    return load_test_set(name, side="source"), load_test_set(name, side="reference")


def documents_by_id(name: str, root: Path | None = None, side: Side = "source") -> dict[str, list[str]]:
    """Test set ``name``'s documents keyed by their document id (ids are contiguous runs, each one
    document), for tools that pick documents by id."""
    sentences, doc_ids = _sentences_and_ids(name, root, side)
    documents: dict[str, list[str]] = {}
    for sentence, doc_id in zip(sentences, doc_ids, strict=True):
        documents.setdefault(doc_id, []).append(sentence)
    return documents


def _sentences_and_ids(name: str, root: Path | None, side: Side) -> tuple[list[str], list[str]]:
    kind = kind_of_test_set(name)
    if kind == "folder":
        from align.datasets.folder import folder_lines

        return folder_lines(Path(name), side)
    if kind == "sacrebleu":
        from align.datasets.remote import sacrebleu_lines

        return sacrebleu_lines(name, side)
    key = shipped_name(name)
    if key is None:
        raise UnknownTestSetError(
            f"unknown test set {name!r}; choose one of {', '.join(known_names())}, or give a folder"
            " with source.ar.txt and reference.en.txt"
        )
    spec = TEST_SETS[key]
    base = data_dir() if root is None else root
    sentences = [line.strip() for line in _lines(base, spec.text if side == "source" else spec.reference)]
    doc_ids = [spec.doc_id_of(line) for line in _lines(base, spec.doc_ids)]
    if len(sentences) != len(doc_ids):
        raise TestSetUnavailableError(
            f"test set {key} is damaged: {len(sentences)} sentences but {len(doc_ids)} document ids",
            path=str(base / key),
        )
    return sentences, doc_ids


def _lines(base: Path, relative: str) -> tuple[str, ...]:
    plain = base / relative
    for path in (plain, plain.with_name(plain.name + ".gz")):
        if path.is_file():
            return _read(path, path.stat().st_mtime_ns)
    hint = " (unset NEWSALIGN_DATA to use the shipped copy)" if os.environ.get("NEWSALIGN_DATA") else ""
    raise TestSetUnavailableError(f"test-set file not found{hint}", path=str(plain))


@lru_cache(maxsize=16)
def _read(path: Path, mtime_ns: int) -> tuple[str, ...]:
    # Cached (keyed by modification time too): scoring, benchmarks and tests read the same files repeatedly.
    try:
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        return tuple(data.decode("utf-8").splitlines())
    except (OSError, EOFError, zlib.error, UnicodeDecodeError) as exc:
        raise TestSetUnavailableError(f"cannot read test-set file ({exc})", path=str(path)) from None
