"""Reading articles into text. One reader per format behind :func:`read_article`."""

from align.ingest.txt import DEFAULT_MAX_BYTES, RawArticle, read_article

__all__ = ["DEFAULT_MAX_BYTES", "RawArticle", "read_article"]
