"""Runs composed from the stages: :class:`RunOptions` describes a run, :class:`Translator` holds its model.

The pattern is faster-whisper's (options / model / result): every knob of a run is in one validated, frozen
options object; a :class:`Translator` loads the engine and opens the translation cache once and translates
any number of articles with them; each result is a Document whose meta records what ran (the run signature,
the repair report, the QA signature). The command line builds one ``RunOptions`` from its shared options
and calls this module; corpus mode gives each worker a ``Translator``.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO

from align import __version__
from align.document import Document
from align.engines import Engine, EngineOptions, load_engine
from align.errors import InputError
from align.ingest import DEFAULT_LIMITS, RawArticle, ReadLimits, read_article
from align.qa import QAOptions, check_document
from align.repair import RepairOptions, repair_text
from align.repair.pua import parse_glyph_map
from align.segment import build_document
from align.text import has_arabic
from align.translate.batching import ProgressCallback, TranslateOptions, translate_document
from align.translate.cache import TranslationCache

log = logging.getLogger(__name__)

DEFAULT_REPAIR = RepairOptions()
DEFAULT_QA = QAOptions()
PhaseCallback = Callable[[str], None]
Article = str | Path | RawArticle | Document


@dataclass(frozen=True)
class RunOptions:
    """Everything that decides how articles are read, translated and checked.

    ``engine``: which engine and model, on which device (:class:`~align.engines.EngineOptions`).
    ``decoding``: beam, length cap, batching, word alignment (:class:`~align.translate.TranslateOptions`).
    ``repair``: how PDF-extraction damage is repaired; None reads the text as it is.
    ``qa``: the reference-free checks; None skips them.
    ``cache``: reuse translations of the same sentences with the same model and options, and the repair of
    an article read before (:mod:`align.read_cache`).
    ``limits``: what reading one article may cost (:class:`~align.ingest.budget.ReadLimits`: bytes, PDF pages,
    drawing operators, decompressed bytes…); an article over a limit is refused.
    ``require_arabic``: refuse text without a single Arabic letter, which is almost always the wrong file (the
    English version, a transcript).
    """

    engine: EngineOptions = field(default_factory=EngineOptions)
    decoding: TranslateOptions = field(default_factory=TranslateOptions)
    repair: RepairOptions | None = DEFAULT_REPAIR
    qa: QAOptions | None = DEFAULT_QA
    cache: bool = True
    limits: ReadLimits = DEFAULT_LIMITS
    require_arabic: bool = True

    @property
    def max_bytes(self) -> int:
        return self.limits.max_bytes

    def manifest(self) -> dict[str, Any]:
        """The options that determine a Document (what the run signature names, plus repair and QA
        settings); threads, batch sizes and what makes an article fail are left out."""
        e, d = self.engine, self.decoding
        repair = None if self.repair is None else {**asdict(self.repair), "glyph_map": self.repair.glyph_map}
        return {
            "newsalign": __version__,
            "engine": e.name,
            "model": e.model,
            "revision": e.revision,
            "compute_type": e.compute_type,
            "device": e.device,
            "beam": d.beam,
            "max_length": d.max_length,
            "word_alignment": d.word_alignment,
            "repair": repair,
            "qa": None if self.qa is None else self.qa.signature(),
            # only when asked for: folders written before n-best lists existed keep matching their options
            **({"alternatives": d.alternatives} if d.alternatives != 1 else {}),
        }


class Translator:
    """One model and one cache for translating many articles with the same :class:`RunOptions`.

    The engine is loaded on the first article that needs it, and the cache opened then, so that reading
    problems are reported before a slow model load. Use it as a context manager (or call :meth:`close`) to
    close the cache.

    >>> with Translator(RunOptions(engine=EngineOptions(model="Helsinki-NLP/opus-mt-ar-en"))) as translator:
    ...     doc = translator.translate("article.txt")  # doctest: +SKIP
    """

    def __init__(
        self,
        options: RunOptions | None = None,
        *,
        engine: Engine | None = None,
        on_phase: PhaseCallback | None = None,
    ) -> None:
        """``engine``: an engine already loaded (its options then come from it, not ``options.engine``).
        ``on_phase``: told what the translator is doing while no sentence progresses ("loading model")."""
        self.options = options or RunOptions()
        self._engine = engine
        self._on_phase = on_phase
        self._cache: TranslationCache | None = None
        self._cache_opened = False
        self._counted = engine is not None  # an engine given ready is not this translator's load
        self._loading: threading.Thread | None = None
        self._load_error: BaseException | None = None

    @property
    def engine(self) -> Engine:
        """The engine, opened now if it is not yet (its weights may load later, on the first sentence that
        is not in the cache)."""
        if self._engine is None:
            if self._on_phase is not None:
                self._on_phase("loading model")
            self._engine = load_engine(self.options.engine, on_phase=self._on_phase)
        return self._engine

    @property
    def model_loads(self) -> int:
        """How many times this translator loaded a model's weights (0 or 1): 0 while every article it
        translated came whole from the translation cache."""
        if self._counted or self._engine is None:
            return 0
        return 1 if getattr(self._engine, "loaded", True) else 0

    @property
    def cache(self) -> TranslationCache | None:
        if self.options.cache and not self._cache_opened:
            self._cache = TranslationCache()
            self._cache_opened = True
        return self._cache

    def read(
        self,
        article: str | Path | RawArticle,
        *,
        stdin: BinaryIO | None = None,
        preload: bool = False,
    ) -> Document:
        """Read (unless ``article`` is already a RawArticle), repair and segment an article as the options
        say; nothing is translated.

        ``preload``: the article is about to be translated, so when it has to be repaired (its repair is not
        kept from an earlier run, which would mean it was translated before) the model is opened first and
        its weights load in the background while repair runs (CTranslate2 releases the GIL while loading)."""
        raw = article if isinstance(article, RawArticle) else None
        if raw is None:
            raw = read_article(article, stdin=stdin, limits=self.options.limits)  # type: ignore[arg-type]
        repair = self.options.repair
        require_arabic = self.options.require_arabic

        def make() -> Document:
            if preload and not (require_arabic and not has_arabic(raw.text)):
                self._preload()
            return document_from_raw(raw, repair=repair, require_arabic=require_arabic)

        if not self.options.cache or repair is None:
            return make()
        if require_arabic and not has_arabic(raw.text):
            return make()  # refused there, with its message
        from align.read_cache import kept_document

        # With the cache on, an article repaired before is not repaired again (align.read_cache).
        return kept_document(raw, repair, structured=bool(raw.blocks), make=make)

    def _preload(self) -> None:
        engine = self.engine  # resolved, and converted once, here: only the weights load in the background
        if self._loading is not None or getattr(engine, "loaded", True):
            return
        load: Callable[[], None] = engine.load  # type: ignore[attr-defined]  # a lazily loading engine

        def run() -> None:
            try:
                load()
            except BaseException as exc:  # raised where the engine is needed (:meth:`_loaded`)
                self._load_error = exc

        self._loading = threading.Thread(target=run, name="newsalign-load-model", daemon=True)
        self._loading.start()

    def _loaded(self) -> None:
        """Wait for a background load (:meth:`_preload`) to end, and raise what it raised."""
        if self._loading is None:
            return
        self._loading.join()
        self._loading = None
        error, self._load_error = self._load_error, None
        if error is not None:
            raise error

    def translate(
        self,
        article: Article,
        *,
        stdin: BinaryIO | None = None,
        progress: ProgressCallback | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> Document:
        """Translate an article (a path, ``"-"`` with ``stdin``, a RawArticle, or a Document already read)
        and run the QA checks the options ask for.

        ``progress(done, total)`` is called as sentences are done; ``should_stop`` is asked between batches
        (see :func:`align.translate.translate_document`)."""
        doc = article if isinstance(article, Document) else self.read(article, stdin=stdin, preload=True)
        self._loaded()
        translated = translate_document(
            doc,
            self.engine,
            self.options.decoding,
            progress=progress,
            cache=self.cache,
            should_stop=should_stop,
            on_phase=self._on_phase,
        )
        qa = self.options.qa
        return check_document(translated, qa) if qa is not None else translated

    def close(self) -> None:
        if self._loading is not None:  # never leave a load running into the interpreter's exit
            self._loading.join()
            self._loading = None
        if self._cache is not None:
            self._cache.close()
        self._cache = None
        self._cache_opened = False

    def __enter__(self) -> Translator:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def translate_article(
    article: str | Path,
    options: RunOptions | None = None,
    *,
    stdin: BinaryIO | None = None,
    progress: ProgressCallback | None = None,
    on_phase: PhaseCallback | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> Document:
    """Read, repair, segment, translate and check one article: a :class:`Translator` used once."""
    with Translator(options, on_phase=on_phase) as translator:
        # Input problems are reported before the (slow) model load, which then overlaps repair.
        doc = translator.read(article, stdin=stdin, preload=True)
        return translator.translate(doc, progress=progress, should_stop=should_stop)


def load_document(
    path: str | Path,
    *,
    repair: RepairOptions | None = DEFAULT_REPAIR,
    stdin: BinaryIO | None = None,
    max_bytes: int | None = None,
    require_arabic: bool = False,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> Document:
    """Read an article (``"-"`` for standard input), repair it unless ``repair`` is None, and segment it.

    ``require_arabic``: refuse (InputError) text without a single Arabic letter, which is almost always the
    wrong file (the English version, a transcript) rather than an article to translate from Arabic.
    ``limits``: what reading may cost (``max_bytes``, when given, replaces its ``max_bytes``).
    """
    raw = read_article(path, stdin=stdin, max_bytes=max_bytes, limits=limits)
    return document_from_raw(raw, repair=repair, require_arabic=require_arabic)


def document_from_raw(
    raw: RawArticle, *, repair: RepairOptions | None = DEFAULT_REPAIR, require_arabic: bool = False
) -> Document:
    """What :func:`load_document` does after reading (corpus mode reads its articles itself)."""
    if require_arabic and not has_arabic(raw.text):
        raise InputError(
            "has no Arabic text (nothing for an Arabic model to translate)",
            path=raw.source,
            hint="set require_arabic=False to go on anyway",
            setting="require_arabic",
        )
    if repair is None:
        return build_document(raw)
    repaired = repair_text(raw.text, repair, structured=bool(raw.blocks))
    if not repaired.text.strip():
        raise InputError(
            "is empty after repair (it holds only characters that carry no text: tatweel, control and"
            " bidi marks, spaces)",
            path=raw.source,
        )
    return build_document(raw, repaired)


def read_glyph_map(path: str | Path) -> dict[str, str]:
    """A JSON object mapping Private-Use glyphs ("U+E005" or the character) to the text they stand for."""
    name = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("no such file", path=name) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"not a readable JSON glyph map ({exc})", path=name) from None
    if not isinstance(data, dict):
        raise InputError('a glyph map is a JSON object such as {"U+E005": "0"}', path=name)
    try:
        return parse_glyph_map(data)
    except ValueError as exc:
        raise InputError(str(exc), path=name) from None


__all__ = [
    "DEFAULT_QA",
    "DEFAULT_REPAIR",
    "RunOptions",
    "Translator",
    "document_from_raw",
    "load_document",
    "read_glyph_map",
    "translate_article",
]
