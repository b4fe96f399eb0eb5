"""The test sets newsalign scores against: names, files, loading and grouping into documents.

A test set gives one sentence per line and a document id per line (NTREX-128, FLORES-200 devtest, TICO-19).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Documents = list[list[str]]
Side = Literal["source", "reference"]


@dataclass(frozen=True)
class TestSet:
    """Where a test set's Arabic sentences and document ids live, relative to the data directory."""

    name: str
    text: str  # Arabic, the source side for ar->en
    reference: str  # English, the original
    doc_ids: str
    # Document id of an id-file line: NTREX/FLORES lines are the id itself; TICO-19's info file is a TSV
    # whose first column is "DOC:N".
    doc_id_of: Callable[[str], str]

    __test__ = False  # not a pytest test class, despite the name


def _whole_line(line: str) -> str:
    return line.strip()


def _tico_doc(line: str) -> str:
    return line.split("\t", 1)[0].rsplit(":", 1)[0]


TEST_SETS: dict[str, TestSet] = {
    t.name: t
    for t in (
        TestSet(
            "ntrex128",
            "ntrex128/ntrex128.arb.txt",
            "ntrex128/ntrex128.eng.txt",
            "ntrex128/ntrex128.docids.txt",
            _whole_line,
        ),
        TestSet(
            "flores200_devtest",
            "flores200_devtest/flores200.devtest.arb_Arab.txt",
            "flores200_devtest/flores200.devtest.eng_Latn.txt",
            "flores200_devtest/flores200.devtest.docids.txt",
            _whole_line,
        ),
        TestSet(
            "tico19_test",
            "tico19_test/tico19-test.ara.txt",
            "tico19_test/tico19-test.eng.txt",
            "tico19_test/tico19-test.info.txt",
            _tico_doc,
        ),
    )
}


def data_dir() -> Path:
    """The test-data directory: ``$NEWSALIGN_DATA``, else ``<repo root>/../shared/data``."""
    env = os.environ.get("NEWSALIGN_DATA")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3] / "shared" / "data"


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


def load_test_set(name: str, root: Path | None = None, side: Side = "source") -> Documents:
    """Test set ``name`` (a key of :data:`TEST_SETS`) as documents of stripped sentences: the Arabic
    ``source`` side or the English ``reference`` (the original)."""
    try:
        spec = TEST_SETS[name]
    except KeyError:
        raise ValueError(f"unknown test set {name!r}; choose one of {', '.join(TEST_SETS)}") from None
    base = data_dir() if root is None else root
    path = spec.text if side == "source" else spec.reference
    sentences = [line.strip() for line in _read_lines(base / path)]
    doc_ids = [spec.doc_id_of(line) for line in _read_lines(base / spec.doc_ids)]
    return group_documents(sentences, doc_ids)


def _read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()
