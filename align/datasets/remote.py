"""Arabic-English test sets from sacrebleu's downloader (``iwslt17`` in sacrebleu 2.6).

sacrebleu downloads a set once into its own cache, ``$SACREBLEU`` (default ``~/.sacrebleu``), checks the
archives' MD5 sums and converts them to plain text there; newsalign reads those text files. Nothing is
downloaded again while the cache holds them, so a pre-filled ``$SACREBLEU`` folder works offline.
"""

from __future__ import annotations

import logging
import tarfile
import zipfile
from typing import TYPE_CHECKING, Any

from align.errors import NewsalignError

if TYPE_CHECKING:
    from align.datasets import Side

log = logging.getLogger(__name__)

LANGPAIR = "ar-en"


class DownloadError(NewsalignError):
    """sacrebleu could not download or unpack a test set."""


def _datasets() -> dict[str, Any]:
    from sacrebleu.dataset import DATASETS

    return dict(DATASETS)


def sacrebleu_sets() -> list[str]:
    """The test sets sacrebleu's downloader has for Arabic->English, by name."""
    return sorted(name for name, dataset in _datasets().items() if LANGPAIR in dataset.langpairs)


def sacrebleu_name(name: str) -> str | None:
    """sacrebleu's name for ``name`` (compared case-insensitively) when it has an ar-en side, else None."""
    wanted = name.strip().lower()
    return next((known for known in sacrebleu_sets() if known.lower() == wanted), None)


def cache_dir() -> str:
    """Where sacrebleu keeps what it downloads (``$SACREBLEU`` as sacrebleu read it at import)."""
    from sacrebleu.utils import SACREBLEU_DIR

    return str(SACREBLEU_DIR)


def sacrebleu_lines(name: str, side: Side) -> tuple[list[str], list[str]]:
    """Test set ``name``'s Arabic ``source`` or English ``reference`` sentences (the first reference, when
    it has several) and their ``docid`` field; a set without document ids gives each sentence its own."""
    key = sacrebleu_name(name)
    if key is None:
        raise ValueError(f"sacrebleu has no {LANGPAIR} test set {name!r}")
    dataset = _datasets()[key]
    files = _files(dataset, key)
    fields: list[str] = list(dataset.fieldnames(LANGPAIR))
    wanted = "src" if side == "source" else next(f for f in fields if f.startswith("ref"))
    sentences = [line.strip() for line in _read(files[fields.index(wanted)])]
    if "docid" in fields:
        doc_ids = [line.strip() for line in _read(files[fields.index("docid")])]
    else:
        doc_ids = [str(i) for i in range(len(sentences))]
    if len(doc_ids) != len(sentences):
        raise DownloadError(
            f"sacrebleu's copy of {key} is inconsistent ({len(sentences)} sentences, {len(doc_ids)} document"
            " ids): delete it and try again",
            path=_where(dataset),
        )
    return sentences, doc_ids


def _files(dataset: Any, key: str) -> list[str]:
    """The set's text files, downloaded and converted by sacrebleu first when its cache lacks them."""
    where = _where(dataset)
    hint = f"connect to the network, or copy sacrebleu's {key} folder into {cache_dir()} ($SACREBLEU)"
    try:
        return list(dataset.get_files(LANGPAIR))
    except SystemExit:
        # sacrebleu exits on a wrong MD5 sum or an SSL error, after logging why.
        raise DownloadError(
            f"sacrebleu could not download {key} (checksum or SSL error): delete {where} and try again",
            path=where,
        ) from None
    except (OSError, EOFError, tarfile.TarError, zipfile.BadZipFile) as exc:  # URLError is an OSError
        code = getattr(exc, "code", None)  # urllib.error.HTTPError
        reason = getattr(exc, "reason", None) or exc
        if code:
            reason = f"HTTP {code} {reason}"
        raise DownloadError(f"cannot download test set {key} ({reason}): {hint}", path=where) from None


def _where(dataset: Any) -> str:
    return str(getattr(dataset, "_outdir", cache_dir()))


def _read(path: str) -> list[str]:
    with open(path, encoding="utf-8") as handle:
        return handle.read().splitlines()
