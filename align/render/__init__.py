"""Turning Documents into text for people and tools."""

from align.render.text import to_text

__all__ = ["to_text"]
