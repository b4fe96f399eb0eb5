"""Text that remembers, character by character, where in the raw input it came from.

Every repair step edits ``Tracked`` values, so the repaired article can always be traced back to the
raw text: a reviewer clicking a sentence can be shown the exact raw characters it was made from.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from dataclasses import dataclass

Run = tuple[int, int, int]  # (start in repaired text, start in raw text, length)


@dataclass(frozen=True)
class Tracked:
    text: str
    origin: array  # type: ignore[type-arg]  # raw offset of each character ("i" array, len == len(text))

    @classmethod
    def from_raw(cls, raw: str, start: int = 0, end: int | None = None) -> Tracked:
        end = len(raw) if end is None else end
        return cls(raw[start:end], array("i", range(start, end)))

    @classmethod
    def inserted(cls, text: str, at: int) -> Tracked:
        """New characters (a joining space, a decoded glyph) attributed to raw offset ``at``."""
        return cls(text, array("i", [at] * len(text)))

    @classmethod
    def join(cls, parts: Iterable[Tracked]) -> Tracked:
        texts, origin = [], array("i")
        for part in parts:
            texts.append(part.text)
            origin.extend(part.origin)
        return cls("".join(texts), origin)

    def __len__(self) -> int:
        return len(self.text)

    def __getitem__(self, index: slice) -> Tracked:
        return Tracked(self.text[index], self.origin[index])

    def __add__(self, other: Tracked) -> Tracked:
        return Tracked(self.text + other.text, self.origin + other.origin)

    def raw_span(self, start: int = 0, end: int | None = None) -> tuple[int, int]:
        """The raw range covered by characters ``start:end`` (min..max+1 of their origins)."""
        end = len(self.text) if end is None else end
        if start >= end:
            at = (
                self.origin[start]
                if start < len(self.origin)
                else (self.origin[-1] + 1 if self.origin else 0)
            )
            return at, at
        chunk = self.origin[start:end]
        return min(chunk), max(chunk) + 1

    def strip(self) -> Tracked:
        text = self.text
        start, end = 0, len(text)
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return self[start:end]

    def runs(self) -> list[Run]:
        """Compress the origin map into runs of consecutive raw offsets."""
        runs: list[Run] = []
        origin = self.origin
        i = 0
        while i < len(origin):
            j = i + 1
            while j < len(origin) and origin[j] == origin[j - 1] + 1:
                j += 1
            runs.append((i, origin[i], j - i))
            i = j
        return runs
