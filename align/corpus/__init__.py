"""Corpus mode: translate a whole archive of articles into a folder of Documents, resumably.

``steps`` holds what every executor runs per article, ``run`` picks the executor (``local`` or ``ray``);
``inputs`` and ``outputs`` read the archive and write the folder.
"""

from align.corpus.run import run_corpus
from align.corpus.steps import CorpusOptions, CorpusResult, Counts

__all__ = ["CorpusOptions", "CorpusResult", "Counts", "run_corpus"]
