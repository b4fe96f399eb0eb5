"""The local executor of corpus mode: this process (one worker) or a process pool, without Ray.

The same three steps as on Ray (``align.corpus.steps``), so both executors write the same Documents.
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections.abc import Callable
from pathlib import Path
from typing import Any

from align.corpus.inputs import InputKind, iter_input_rows
from align.corpus.outputs import Layout
from align.corpus.steps import ArticleTranslator, CorpusOptions, Counts, Row, prepare, publish


def run_local(
    source: Path,
    kind: InputKind,
    base: Path,
    layout: Layout,
    options: CorpusOptions,
    workers: int,
    progress: Callable[[Counts], None] | None = None,
) -> Counts:
    counts = Counts()
    rows = iter_input_rows(source, kind)
    if workers == 1:
        translator = ArticleTranslator(options)
        try:
            for row in rows:
                counts += Counts.of(publish(translator(prepare(row, layout, options, base)), layout))
                if progress:
                    progress(counts)
        finally:
            translator.close()
        return counts
    context = multiprocessing.get_context("spawn")  # a forked torch runtime is not safe to use
    with context.Pool(workers, initializer=_init_worker, initargs=(layout.root, options, base)) as pool:
        # Fed a window at a time: Pool.imap would read the whole input into its queue.
        for window in iter(lambda: list(itertools.islice(rows, workers * 8)), []):
            for done in pool.imap_unordered(_work, window):
                counts += Counts.of(publish(done, layout))
                if progress:
                    progress(counts)
    return counts


_WORKER: dict[str, Any] = {}


def _init_worker(root: Path, options: CorpusOptions, base: Path) -> None:
    _WORKER.update(layout=Layout(root), options=options, base=base, translator=ArticleTranslator(options))


def _work(row: Row) -> Row:
    prepared = prepare(row, _WORKER["layout"], _WORKER["options"], _WORKER["base"])
    result: Row = _WORKER["translator"](prepared)
    return result
