"""The review page in a real headless browser: direction, highlighting, the flag filter, keys, layout.

Needs Playwright (``pip install playwright``) and a Chromium executable (Debian: ``apt-get install
chromium``; another one with ``NEWSALIGN_CHROMIUM=/path``); Playwright's own browser downloads are not
used. Without them the tests are skipped, or fail when ``NEWSALIGN_REQUIRE_BROWSER=1`` (CI).

``NEWSALIGN_UPDATE_SCREENSHOT=1 python -m tests.test_review_browser`` rewrites ``docs/review-seed.png``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from align.document import Document
from align.render.html import to_html

from .conftest import ROOT, SEED
from .test_review import ALIGNED, planted_document

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOT = ROOT / "docs" / "review-seed.png"


def chromium_path() -> str | None:
    candidates = [os.environ.get("NEWSALIGN_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"]
    for candidate in candidates:
        found = candidate and shutil.which(candidate)
        if found:
            return found
    return None


def launch(playwright: Any) -> Any:
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)


def _missing() -> str | None:
    reasons = []
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        reasons.append("the playwright package is not installed (pip install playwright)")
    if chromium_path() is None:
        reasons.append("no Chromium executable (apt-get install chromium, or set NEWSALIGN_CHROMIUM)")
    return "; ".join(reasons) or None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    missing = _missing()
    if missing:
        if os.environ.get("NEWSALIGN_REQUIRE_BROWSER") == "1":
            pytest.fail(f"NEWSALIGN_REQUIRE_BROWSER=1 but {missing}")
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def review_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("review") / "review.html"
    path.write_text(to_html(planted_document(), scores={"BLEU": "23.1"}), encoding="utf-8")
    return path


@pytest.fixture
def page(browser: Any, review_file: Path) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    tab.on("request", lambda request: requests.append(request.url))
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto(review_file.as_uri())
    yield tab
    context.close()
    assert errors == []  # no script errors
    assert [url for url in requests if not url.startswith(("file:", "data:"))] == []  # nothing fetched


def classes(tab: Any, selector: str) -> list[str]:
    return tab.eval_on_selector(selector, "el => Array.from(el.classList)")  # type: ignore[no-any-return]


def seg(seg_id: str, side: str = "") -> str:
    return f'.seg[data-seg="{seg_id}"]' + (f" .cell.{side}" if side else "")


def test_arabic_column_is_right_to_left(page: Any) -> None:
    directions = page.eval_on_selector_all(".cell.ar", "els => els.map(e => getComputedStyle(e).direction)")
    assert directions and set(directions) == {"rtl"}
    english = page.eval_on_selector_all(".cell.en", "els => els.map(e => getComputedStyle(e).direction)")
    assert set(english) == {"ltr"}
    assert page.eval_on_selector(seg("p1.s1", "ar"), "e => getComputedStyle(e).textAlign") in (
        "right",
        "start",
    )
    # English on the left, Arabic on the right
    en = page.locator(seg("p2.s1", "en")).bounding_box()
    ar = page.locator(seg("p2.s1", "ar")).bounding_box()
    assert en["x"] + en["width"] <= ar["x"] and abs(en["y"] - ar["y"]) < 2


def test_hovering_a_sentence_highlights_its_counterpart(page: Any) -> None:
    assert "hl" not in classes(page, seg("p2.s1", "ar"))
    page.hover(seg("p2.s1", "en"))
    assert "hl" in classes(page, seg("p2.s1", "ar"))
    assert page.eval_on_selector_all(".cell.hl", "els => els.map(e => e.dataset.seg)") == ["p2.s1", "p2.s1"]
    page.hover(seg("p3.s2", "ar"))
    assert "hl" in classes(page, seg("p3.s2", "en")) and "hl" not in classes(page, seg("p2.s1", "ar"))


def test_hovering_a_word_highlights_the_aligned_words(page: Any) -> None:
    assert ALIGNED["p2.s1"] == ((0, 0), (1, 2), (1, 3), (5, 5))
    marked = "els => els.map(e => (e.closest('.ar') ? 'ar' : 'en') + e.dataset.w)"
    page.hover(seg("p2.s1", "ar") + ' .w[data-w="1"]')
    assert sorted(page.eval_on_selector_all(".w.whl", marked)) == ["ar1", "en2", "en3"]
    page.hover(seg("p2.s1", "en") + ' .w[data-w="5"]')
    assert sorted(page.eval_on_selector_all(".w.whl", marked)) == ["ar5", "en5"]
    page.hover(seg("p2.s1", "en") + ' .w[data-w="4"]')  # aligned to nothing
    assert page.eval_on_selector_all(".w.whl", marked) == ["en4"]
    assert "whl" in classes(page, seg("p2.s1", "en") + ' .w[data-w="4"]')


def test_only_flagged_hides_unflagged_rows(page: Any) -> None:
    def shown(selector: str) -> bool:
        return page.eval_on_selector(selector, "e => getComputedStyle(e).display !== 'none'")  # type: ignore[no-any-return]

    doc = planted_document()
    unflagged = [p.id for p in doc.paragraphs if not p.flags and not any(s.flags for s in p.segments)]
    assert unflagged and all(shown(f'[data-para="{p}"]') for p in unflagged)
    page.check("#only-flagged")
    for paragraph in doc.paragraphs:
        visible = shown(f'[data-para="{paragraph.id}"]')
        assert visible == (paragraph.id not in unflagged), paragraph.id
    assert shown(seg("p1.s2")) and not shown(seg("p1.s1"))  # a sentence flag: only that sentence
    assert shown(seg("p2.s1")) and shown(seg("p2.s2"))  # a paragraph flag: the whole paragraph
    page.uncheck("#only-flagged")
    assert all(shown(f'[data-para="{p}"]') for p in unflagged)


def test_keys_move_between_sentences(page: Any) -> None:
    focused = "() => { const r = document.activeElement.closest('.seg'); return r && r.dataset.seg }"
    side = "() => document.activeElement.classList.contains('ar') ? 'ar' : 'en'"
    page.keyboard.press("j")
    assert page.evaluate(focused) == "p1.s1"
    page.keyboard.press("j")
    assert page.evaluate(focused) == "p1.s2"
    page.keyboard.press("ArrowDown")
    assert page.evaluate(focused) == "p2.s1"
    assert "hl" in classes(page, seg("p2.s1", "ar"))  # focus highlights the counterpart too
    page.keyboard.press("k")
    assert page.evaluate(focused) == "p1.s2"
    page.focus(seg("p3.s2", "ar"))
    page.keyboard.press("j")
    assert page.evaluate(focused) == "p4.s1" and page.evaluate(side) == "ar"  # stays on the Arabic side
    page.check("#only-flagged")  # the keys work straight after the toggle
    page.keyboard.press("j")
    assert page.evaluate(focused) == "p1.s2"  # the first row still shown
    page.keyboard.press("j")
    assert page.evaluate(focused) == "p2.s1"
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert page.evaluate(focused) == "p3.s1"  # p2.s2 next, then p3.s1: p3.s2 is unflagged and hidden


def test_stacked_on_a_phone_and_screenshot(browser: Any, review_file: Path, tmp_path: Path) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    tab = context.new_page()
    tab.goto(review_file.as_uri())
    en = tab.locator(seg("p2.s1", "en")).bounding_box()
    ar = tab.locator(seg("p2.s1", "ar")).bounding_box()
    assert ar["y"] >= en["y"] + en["height"] - 1  # Arabic below the English
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    shot = tmp_path / "review-phone.png"
    tab.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    context.close()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
    tab = context.new_page()
    tab.goto(review_file.as_uri())
    shot = tmp_path / "review.png"
    tab.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    context.close()


# -- docs/review-seed.png ----------------------------------------------------------------------------


# Hand-written English for the first paragraphs of the seed, so the screenshot shows real sentences
# (the test models have random weights). It is labelled as such on the page.
def seed_review_document() -> Document:
    """The seed translated for real by the pipeline, with a random-weight test model (no trained weights can
    be downloaded here): the English is noise, the structure, flags and alignments are what review shows."""
    from align.engines import EngineOptions
    from align.pipeline import translate_article

    from .conftest import random_model

    model = random_model(max_length=24, eos_bias=8.0)
    options = EngineOptions(model=str(model), threads=1)
    doc = translate_article(SEED, engine_options=options, engine="transformers", cache=False)
    return replace(doc, meta=replace(doc.meta, source="samples/bannon-brexit.ar.txt"))


def write_docs_screenshot(path: Path = SCREENSHOT) -> Path:
    """The seed's report (random-weight model), with a word of p1.s1 hovered."""
    from playwright.sync_api import sync_playwright

    html = to_html(
        seed_review_document(),
        title="newsalign review: bannon-brexit.ar.txt (random-weight test model: the English is noise)",
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    source = path.with_suffix(".html")
    source.write_text(html, encoding="utf-8")
    try:
        with sync_playwright() as playwright:
            chromium = launch(playwright)
            tab = chromium.new_page(viewport={"width": 1200, "height": 1400}, device_scale_factor=1)
            tab.goto(source.as_uri())
            tab.hover(seg("p1.s1", "en") + ' .w[data-w="0"]')
            tab.screenshot(path=str(path), full_page=False)
            chromium.close()
    finally:
        source.unlink()
    return path


if __name__ == "__main__":
    if os.environ.get("NEWSALIGN_UPDATE_SCREENSHOT") != "1":
        raise SystemExit("set NEWSALIGN_UPDATE_SCREENSHOT=1 to rewrite docs/review-seed.png")
    written = write_docs_screenshot()
    print(f"{written} ({written.stat().st_size / 1000:.0f} kB)")
