"""The sample articles shipped with newsalign: for trying the commands, for ``bench speed``'s workload, and
as the training text of the random-weight test models (:mod:`align.testing.random_model`).

Their sources and licences are in ``data/samples/README.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from align.errors import UsageError

SAMPLES_DIR = Path(__file__).resolve().parent / "data" / "samples"


@dataclass(frozen=True)
class Sample:
    name: str
    file: str
    language: str
    description: str

    @property
    def path(self) -> Path:
        return SAMPLES_DIR / self.file


SAMPLES: dict[str, Sample] = {
    s.name: s
    for s in (
        Sample(
            "bannon-brexit",
            "bannon-brexit.ar.txt",
            "ar",
            "a news article as text extracted from a PDF: tatweel, years as Private-Use glyphs, "
            "reversed line pieces, pull-quotes (the hard case)",
        ),
        Sample(
            "macedonia-referendum",
            "macedonia-referendum.ar.txt",
            "ar",
            "a clean news excerpt from NTREX-128 (CC BY-SA 4.0): a title and two paragraphs",
        ),
        Sample(
            "macedonia-referendum.en",
            "macedonia-referendum.en.txt",
            "en",
            "the English original of macedonia-referendum (a reference for `newsalign pair` and `score`)",
        ),
    )
}
DEFAULT_SAMPLE = "bannon-brexit"


def get_sample(name: str) -> Sample:
    """The sample called ``name`` (or its file name, ``bannon-brexit.ar.txt``)."""
    wanted = name.strip()
    for sample in SAMPLES.values():
        if wanted in (sample.name, sample.file, sample.file.removesuffix(".txt")):
            return sample
    raise UsageError(f"unknown sample {name!r}; choose one of {', '.join(SAMPLES)}")


def sample_path(name: str = DEFAULT_SAMPLE) -> Path:
    """Where the sample's file is (inside the installed package)."""
    return get_sample(name).path


def sample_text(name: str = DEFAULT_SAMPLE) -> str:
    """The sample's text, byte for byte as shipped (UTF-8)."""
    return sample_path(name).read_bytes().decode("utf-8")
