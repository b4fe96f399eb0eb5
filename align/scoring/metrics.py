"""Scoring translations against references with sacrebleu: corpus scores, confidence intervals, paired
significance tests, per-segment scores, and the readers that turn files, Documents and test sets into lines.

sacrebleu's Python API does not check that the hypothesis and reference streams have the same number of
lines (it silently scores the shorter one); its command line does. Every function here checks first.

Metrics, by the names the command line takes:

- ``bleu``: BLEU with sacrebleu's defaults (13a tokenisation, exp smoothing);
- ``chrf``: chrF2 (character n-grams only), sacrebleu's default and what published OPUS-MT scores use;
- ``chrf++``: chrF2++ (``word_order=2``), the same as ``sacrebleu --chrf-word-order 2``;
- ``ter``: TER with sacrebleu's defaults.

Results carry sacrebleu's own signature strings, so a score can be reproduced with the sacrebleu command
line. Random resampling (confidence intervals, paired tests) is seeded: ``SEED`` by default, the same value
sacrebleu's command line uses unless ``SACREBLEU_SEED`` says otherwise.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from sacrebleu.metrics.base import Metric


PairedMethod = Literal["bs", "ar"]
Side = Literal["source", "reference"]

METRICS: tuple[str, ...] = ("bleu", "chrf", "chrf++", "ter")
DEFAULT_METRICS: tuple[str, ...] = ("bleu", "chrf", "chrf++", "ter")
SEED = 12345  # sacrebleu's default for SACREBLEU_SEED
N_BOOTSTRAP = 1000  # sacrebleu's --confidence-n and --paired-bs-n defaults
N_TRIALS = 10000  # sacrebleu's --paired-ar-n default


@dataclass(frozen=True)
class MetricScore:
    """One corpus score as sacrebleu reports it.

    ``name`` is sacrebleu's ("BLEU", "chrF2", "chrF2++", "TER"); ``ci`` is the half-width of the 95%
    bootstrap confidence interval and ``mean`` the bootstrap mean, both only when asked for;
    ``formatted`` is the line sacrebleu prints (``BLEU|nrefs:1|...|version:2.6.0 = 31.20 ...``).
    """

    name: str
    score: float
    signature: str
    ci: float | None
    formatted: str
    mean: float | None = None
    short: str = ""  # the score alone, as ``sacrebleu -b`` prints it

    def with_signature(self, suffix: str) -> MetricScore:
        """The same score with ``suffix`` appended to its signature (and its formatted line)."""
        if not suffix:
            return self
        head, _, tail = self.formatted.partition(" = ")
        return replace(self, signature=self.signature + suffix, formatted=f"{head}{suffix} = {tail}")


@dataclass(frozen=True)
class PairedScore:
    """A system's score for one metric in a paired test; ``p_value`` is None for the baseline."""

    name: str
    score: float
    p_value: float | None
    mean: float | None = None
    ci: float | None = None


@dataclass(frozen=True)
class SystemScores:
    name: str
    scores: tuple[PairedScore, ...]

    def __getitem__(self, metric: str) -> PairedScore:
        for score in self.scores:
            if score.name == metric:
                return score
        raise KeyError(metric)


@dataclass(frozen=True)
class Comparison:
    """Paired significance tests of every system against the first (the baseline).

    ``signatures`` maps a metric name to sacrebleu's signature of the test (it includes the method, the
    number of samples and the seed)."""

    method: PairedMethod
    samples: int
    seed: int
    signatures: Mapping[str, str]
    systems: tuple[SystemScores, ...]

    @property
    def baseline(self) -> SystemScores:
        return self.systems[0]


# -- metrics ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MetricOptions:
    """sacrebleu's metric settings, named and defaulted as its command line names them (``--tokenize``,
    ``-lc``, ``--chrf-*``, ``--ter-*``, ``--smooth-*``); the signatures say which were used.

    ``lowercase`` is BLEU's (sacrebleu's ``-lc``); chrF and TER have their own switches. ``chrf++`` is
    chrF with word order 2 whatever ``chrf_word_order`` says; ``chrf`` uses ``chrf_word_order``."""

    tokenize: str | None = None  # None: sacrebleu's default, 13a
    lowercase: bool = False
    smooth_method: str = "exp"
    smooth_value: float | None = None
    force: bool = False
    chrf_char_order: int = 6
    chrf_word_order: int = 0
    chrf_beta: int = 2
    chrf_whitespace: bool = False
    chrf_lowercase: bool = False
    chrf_eps_smoothing: bool = False
    ter_case_sensitive: bool = False
    ter_asian_support: bool = False
    ter_no_punct: bool = False
    ter_normalized: bool = False

    def __post_init__(self) -> None:
        from sacrebleu.metrics.bleu import BLEU

        if self.tokenize is not None and self.tokenize not in BLEU.TOKENIZERS:
            raise ValueError(
                f"unknown tokenizer {self.tokenize!r}; choose one of {', '.join(BLEU.TOKENIZERS)}"
            )
        if self.smooth_method not in BLEU.SMOOTH_DEFAULTS:
            raise ValueError(
                f"unknown smoothing {self.smooth_method!r}; choose one of {', '.join(BLEU.SMOOTH_DEFAULTS)}"
            )
        if self.chrf_char_order < 1 or self.chrf_word_order < 0 or self.chrf_beta < 1:
            raise ValueError("chrF needs a character order >= 1, a word order >= 0 and a beta >= 1")


DEFAULT_OPTIONS = MetricOptions()


def make_metric(name: str, options: MetricOptions = DEFAULT_OPTIONS) -> Metric:
    """A fresh sacrebleu metric object for one of :data:`METRICS`."""
    from sacrebleu.metrics.bleu import BLEU
    from sacrebleu.metrics.chrf import CHRF
    from sacrebleu.metrics.ter import TER

    key = name.strip().lower()
    if key == "bleu":
        try:
            return BLEU(
                lowercase=options.lowercase,
                force=options.force,
                tokenize=options.tokenize,
                smooth_method=options.smooth_method,
                smooth_value=options.smooth_value,
            )
        except (OSError, RuntimeError) as exc:  # mecab missing, or a SentencePiece model not downloadable
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise ValueError(f"tokenizer {options.tokenize} is not available here: {first}") from None
    if key in ("chrf", "chrf++"):
        return CHRF(
            char_order=options.chrf_char_order,
            word_order=2 if key == "chrf++" else options.chrf_word_order,
            beta=options.chrf_beta,
            lowercase=options.chrf_lowercase,
            whitespace=options.chrf_whitespace,
            eps_smoothing=options.chrf_eps_smoothing,
        )
    if key == "ter":
        return TER(
            normalized=options.ter_normalized,
            no_punct=options.ter_no_punct,
            asian_support=options.ter_asian_support,
            case_sensitive=options.ter_case_sensitive,
        )
    raise ValueError(f"unknown metric {name!r}; choose from {', '.join(METRICS)}")


def parse_metrics(text: str | Sequence[str]) -> tuple[str, ...]:
    """``"bleu,chrf++"``, ``"bleu chrf"`` or ``["bleu", "chrf"]`` -> ``("bleu", "chrf++")``, checked,
    duplicates dropped."""
    names: list[str] = []
    joined = text if isinstance(text, str) else ",".join(text)
    for part in joined.replace(" ", ",").split(","):
        key = part.strip().lower()
        if not key:
            continue
        if key not in METRICS:
            raise ValueError(f"unknown metric {part.strip()!r}; choose from {', '.join(METRICS)}")
        if key not in names:
            names.append(key)
    if not names:
        raise ValueError(f"no metric given; choose from {', '.join(METRICS)}")
    return tuple(names)


@contextmanager
def _seeded(seed: int) -> Iterator[None]:
    """sacrebleu reads its resampling seed from ``SACREBLEU_SEED``; set it for the duration of a call."""
    if seed < 1:  # sacrebleu's paired tests treat a seed of 0 as "no seed"
        raise ValueError(f"seed must be a positive integer, not {seed}")
    previous = os.environ.get("SACREBLEU_SEED")
    os.environ["SACREBLEU_SEED"] = str(seed)
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SACREBLEU_SEED"]
        else:
            os.environ["SACREBLEU_SEED"] = previous


def check_aligned(
    hypotheses: Sequence[str],
    references: Sequence[Sequence[str]],
    *,
    label: str = "the hypotheses have",
) -> None:
    """Raise ValueError unless there are lines and every reference stream has as many as the hypotheses."""
    if not references:
        raise ValueError("no reference given")
    if not hypotheses:
        raise ValueError("no hypothesis lines to score")
    for index, stream in enumerate(references, 1):
        if isinstance(stream, str):
            raise TypeError("references must be a sequence of reference streams (lists of lines)")
        if len(stream) != len(hypotheses):
            which = f"reference {index}" if len(references) > 1 else "the reference"
            raise ValueError(
                f"{label} {len(hypotheses)} lines but {which} has {len(stream)}: score only line-aligned text"
            )


def score_lines(
    hypotheses: Sequence[str],
    references: Sequence[Sequence[str]],
    *,
    metrics: Sequence[str] = DEFAULT_METRICS,
    confidence: bool = False,
    n_bootstrap: int = N_BOOTSTRAP,
    seed: int = SEED,
    width: int = 1,
    options: MetricOptions = DEFAULT_OPTIONS,
) -> list[MetricScore]:
    """Corpus scores of ``hypotheses`` against one or more line-aligned reference streams.

    With ``confidence``, each score also gets the bootstrap mean and the ± half-width of its 95% confidence
    interval (``n_bootstrap`` resamples), as ``sacrebleu --confidence`` reports them. ``formatted`` shows
    ``width`` decimals (sacrebleu's command line shows 1 unless told ``--width``).
    """
    check_aligned(hypotheses, references)
    names = parse_metrics(metrics)
    hyps, refs = list(hypotheses), [list(stream) for stream in references]
    results: list[MetricScore] = []
    with _seeded(seed):
        for name in names:
            metric = make_metric(name, options)
            asked = confidence and n_bootstrap > 1
            try:
                score = metric.corpus_score(hyps, refs, n_bootstrap=n_bootstrap if confidence else 1)
            except TypeError:
                # sacrebleu's chrF bootstrap mixes numpy and Python floats when resamples score 0 (empty or
                # garbage output) and statistics.mean refuses: report the score without an interval.
                log.warning("%s: no confidence interval (sacrebleu could not bootstrap these outputs)", name)
                metric = make_metric(name, options)
                score = metric.corpus_score(hyps, refs)
                asked = False
            signature = metric.get_signature().format()
            results.append(
                MetricScore(
                    name=score.name,
                    score=float(score.score),
                    signature=signature,
                    ci=float(score._ci) if asked else None,
                    formatted=score.format(width=width, signature=signature),
                    mean=float(score._mean) if asked else None,
                    short=score.format(width=width, score_only=True),
                )
            )
    return results


def compare_systems(
    systems: Mapping[str, Sequence[str]],
    references: Sequence[Sequence[str]],
    *,
    method: PairedMethod = "bs",
    metrics: Sequence[str] = DEFAULT_METRICS,
    samples: int | None = None,
    confidence: bool = False,
    seed: int = SEED,
    options: MetricOptions = DEFAULT_OPTIONS,
) -> Comparison:
    """Paired significance tests of each system against the first one (the baseline), with sacrebleu's
    paired bootstrap resampling (``bs``, 1,000 resamples by default) or approximate randomisation (``ar``,
    10,000 trials by default), seeded.

    ``bs`` always estimates confidence intervals; ``ar`` only with ``confidence``. One deliberate difference
    from sacrebleu: a system whose score equals the baseline's gets p = 1 (sacrebleu's strict comparison
    gives the smallest possible p-value, 1/(samples + 1), to a system identical to the baseline).
    """
    if method not in ("bs", "ar"):
        raise ValueError(f"unknown paired test {method!r}; choose bs (bootstrap) or ar (randomisation)")
    if len(systems) < 2:
        raise ValueError("a paired test needs at least two systems: a baseline and one to compare")
    for name, hypotheses in systems.items():
        check_aligned(hypotheses, references, label=f"system {name!r} has")
    if samples is not None and samples < 1:
        raise ValueError(f"the number of samples must be positive, not {samples}")
    names = parse_metrics(metrics)

    from sacrebleu.significance import PairedTest

    refs = [list(stream) for stream in references]
    named: list[tuple[str, Sequence[str]]] = [(name, list(hyps)) for name, hyps in systems.items()]
    with _seeded(seed):
        test = PairedTest(
            named,
            {name: make_metric(name, options) for name in names},
            references=refs,
            test_type=method,
            n_samples=samples or 0,
            n_ar_confidence=0 if (confidence and method == "ar") else -1,
        )
        signatures, table = test()

    results: dict[str, list[Any]] = {key: list(value) for key, value in table.items() if key != "System"}
    rows: list[SystemScores] = []
    for index, (name, _) in enumerate(named):
        scores: list[PairedScore] = []
        for metric, column in results.items():
            result = column[index]
            p_value = None if result.p_value is None else float(result.p_value)
            if index > 0 and result.score == column[0].score:
                p_value = 1.0
            scores.append(
                PairedScore(
                    name=metric,
                    score=float(result.score),
                    p_value=p_value,
                    mean=None if result.mean is None else float(result.mean),
                    ci=None if result.ci is None else float(result.ci),
                )
            )
        rows.append(SystemScores(name, tuple(scores)))
    return Comparison(
        method=method,
        samples=test.n_samples,
        seed=seed,
        signatures={key: value.format() for key, value in signatures.items()},
        systems=tuple(rows),
    )


# Readers live in align.scoring.inputs; re-exported for callers of this module.
from align.scoring.inputs import (  # noqa: E402
    document_lines,
    load_lines,
    read_lines,
    testset_lines,
)

__all__ = [
    "Comparison",
    "MetricOptions",
    "MetricScore",
    "compare_systems",
    "document_lines",
    "load_lines",
    "parse_metrics",
    "read_lines",
    "score_lines",
    "testset_lines",
]
