"""Post-editing in the review page, in headless Chromium: the whole round trip from the page to the CLI,
autosave, keys, planted markup typed into a cell, the in-page checks against the Python ones, layout.

The page is made from the seed translated for real by the random-weight test model with three alternatives
per sentence (the English is noise; the structure is what a trained model gives). Needs Playwright and a
Chromium, as ``tests/test_review_browser.py`` (``NEWSALIGN_REQUIRE_BROWSER=1`` makes them required).

``NEWSALIGN_UPDATE_SCREENSHOT=1 python -m tests.test_review_editing`` rewrites docs/review-420.png and
docs/review-1400.png (the same real run, one sentence edited, one alternative taken, a third one active).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from typer.testing import CliRunner

from align.cli import app
from align.document import Document
from align.qa import checks, number_check, repetition
from align.render.export import MTC_NS, XLIFF_NS

from .conftest import ROOT
from .test_review_browser import browser as browser  # the module's Chromium
from .test_review_browser import launch as launch

runner = CliRunner()
X, MTC = f"{{{XLIFF_NS}}}", f"{{{MTC_NS}}}"
TYPED = {
    "p1.s1": "Observers have speculated for two years that the Brexit campaign of June 2016 helped Trump.",
    "p2.s1": "In this context, the disinformation scholar Emma Briant revealed new e-mails.",
    "p3.s1": "The e-mails, dating back to October 2015, show what Bannon knew.",
}
PLANTED = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b>bold</b> & "q"'


def seg(seg_id: str, side: str = "") -> str:
    return f'.seg[data-seg="{seg_id}"]' + (f" .cell.{side}" if side else "")


def real_run(folder: Path, model: Path) -> Path:
    """`newsalign translate` of the seed with the random model, beam 3 and the 3 best kept, as a user runs it
    (from the repository, so the Document names the article as samples/bannon-brexit.ar.txt)."""
    doc_json = folder / "doc.json"
    args = ["translate", "samples/bannon-brexit.ar.txt", "-m", str(model), "--engine", "transformers"]
    args += ["--beam", "3", "--alternatives", "3", "--no-cache", "-q", "-o", str(doc_json)]
    here = os.getcwd()
    os.chdir(ROOT)
    try:
        result = runner.invoke(app, args)
    finally:
        os.chdir(here)
    assert result.exit_code == 0, result.output
    return doc_json


@pytest.fixture(scope="module")
def pages(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """DOC.json from a real run, and the page `newsalign review DOC.json --html` makes of it."""
    folder = tmp_path_factory.mktemp("editing")
    doc_json, page = real_run(folder, tiny_model), folder / "review.html"
    result = runner.invoke(app, ["review", str(doc_json), "--html", str(page)])
    assert result.exit_code == 0, result.output
    return doc_json, page


@pytest.fixture(scope="module")
def seed_doc(pages: tuple[Path, Path]) -> Document:
    return Document.from_json(pages[0].read_text(encoding="utf-8"))


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    yield context
    context.close()


def open_page(context: Any, page: Path) -> Any:
    tab = context.new_page()
    errors: list[str] = []
    requests: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("request", lambda request: requests.append(request.url))
    tab.goto(page.as_uri())
    tab.errors, tab.requests = errors, requests
    return tab


def finish(tab: Any) -> None:
    assert tab.errors == []
    assert [u for u in tab.requests if not u.startswith(("file:", "data:", "blob:"))] == []  # no network


def edit(tab: Any, seg_id: str, text: str) -> None:
    tab.focus(seg(seg_id, "en"))
    tab.keyboard.press("e")
    assert tab.evaluate("document.activeElement.tagName") == "TEXTAREA"
    tab.fill(seg(seg_id) + " textarea.editor", text)
    tab.keyboard.press("Control+Enter")


def english(tab: Any, seg_id: str) -> str:
    return tab.text_content(seg(seg_id, "en"))  # type: ignore[no-any-return]


def counts(tab: Any) -> tuple[int, int]:
    found = tab.eval_on_selector("#review-counts", "e => [e.dataset.reviewed, e.dataset.edited]")
    return int(found[0]), int(found[1])


def sacrebleu_ter(reference: list[str], hypothesis: list[str], folder: Path) -> float:
    ref, hyp = folder / "pe.txt", folder / "mt.txt"
    ref.write_text("\n".join(reference) + "\n", encoding="utf-8")
    hyp.write_text("\n".join(hypothesis) + "\n", encoding="utf-8")
    command = [sys.executable, "-m", "sacrebleu", str(ref), "-i", str(hyp), "-m", "ter", "-b", "-w", "4"]
    return float(subprocess.run(command, capture_output=True, text=True, check=True, timeout=120).stdout)


def test_edit_pick_reload_download_apply_export_and_score(
    context: Any, pages: tuple[Path, Path], seed_doc: Document, tmp_path: Path
) -> None:
    doc_json, page = pages
    segments = {s.id: s for s in seed_doc.segments}
    # a fourth sentence whose second-best differs from its best
    fourth = next(
        s for s in seed_doc.segments if s.id not in TYPED and len(s.alternatives) >= 2 and s.translation
    )
    picked = fourth.alternatives[1].text
    tab = open_page(context, page)
    assert tab.get_attribute("#save-state", "data-state") == "clean" and counts(tab) == (0, 0)
    for seg_id, text in TYPED.items():
        edit(tab, seg_id, text)
        assert english(tab, seg_id) == text and "edited" in tab.get_attribute(seg(seg_id), "class")
    tab.focus(seg(fourth.id, "en"))
    tab.keyboard.press("2")
    assert english(tab, fourth.id) == " ".join(picked.split())
    assert tab.get_attribute('#dock .alt[data-alt="2"]', "aria-pressed") == "true"
    assert counts(tab) == (4, 4) and tab.get_attribute("#save-state", "data-state") == "saved"

    tab.reload()  # autosave: everything is back
    assert counts(tab) == (4, 4) and tab.get_attribute("#save-state", "data-state") == "saved"
    for seg_id, text in TYPED.items():
        assert english(tab, seg_id) == text
    assert english(tab, fourth.id) == " ".join(picked.split())

    with tab.expect_download() as download:
        tab.click("#download-document")
    assert download.value.suggested_filename == "bannon-brexit.ar.reviewed.json"
    corrected = tmp_path / "corrected.json"
    download.value.save_as(corrected)
    with tab.expect_download() as download:
        tab.click("#download-edits")
    edits = tmp_path / "edits.json"
    download.value.save_as(edits)
    finish(tab)

    # The corrected Document is a valid Document: the post-edits next to the machine translation.
    reviewed = Document.from_json(corrected.read_text(encoding="utf-8"))
    assert json.loads(corrected.read_text(encoding="utf-8"))["version"] == 2
    assert {s.id: s.post_edit for s in reviewed.segments if s.post_edit is not None} == {
        **TYPED,
        fourth.id: picked,
    }
    assert [s.translation for s in reviewed.segments] == [s.translation for s in seed_doc.segments]

    applied = tmp_path / "applied.json"
    result = runner.invoke(app, ["apply-edits", str(doc_json), str(corrected), "-o", str(applied)])
    assert result.exit_code == 0, result.output
    assert Document.from_json(applied.read_text(encoding="utf-8")) == reviewed
    from_edits = runner.invoke(app, ["apply-edits", str(doc_json), str(edits)])
    assert from_edits.exit_code == 0 and Document.from_json(from_edits.stdout).segments == reviewed.segments

    # Exports carry the post-edits and keep the machine translation.
    tmx_path, xliff_path = tmp_path / "out.tmx", tmp_path / "out.xlf"
    for out in (tmx_path, xliff_path):
        result = runner.invoke(app, ["export", str(applied), "-o", str(out)])
        assert result.exit_code == 0, result.output
    tmx = etree.parse(str(tmx_path)).getroot()
    xliff = etree.parse(str(xliff_path)).getroot()
    for seg_id, text in {**TYPED, fourth.id: picked}.items():
        tu = tmx.find(f".//tu[@tuid='{seg_id}']")
        props = {p.get("type"): p.text for p in tu.iterfind("prop")}
        assert tu.findall("tuv")[1].findtext("seg") == text and props["x-origin"] == "post-edit"
        assert props["x-mt"] == segments[seg_id].translation
        unit = xliff.find(f".//{X}unit[@id='{seg_id}']")
        segment = unit.find(f"{X}segment")
        assert segment.get("state") == "reviewed" and segment.findtext(f"{X}target") == text
        assert unit.findtext(f"{MTC}matches/{MTC}match/{X}target") == segments[seg_id].translation

    # HTER of the Document equals sacrebleu's TER (its command line) on the same pairs.
    scored = runner.invoke(app, ["score", "--post-edits", str(applied), "-f", "json"])
    assert scored.exit_code == 0, scored.output
    body = json.loads(scored.stdout)
    assert (body["reviewed"], body["edited"]) == (4, 4)
    ids = [s.id for s in seed_doc.segments if s.id in {**TYPED, fourth.id: picked}]
    mt = [" ".join((segments[i].translation or "").split()) for i in ids]
    post_edits = [" ".join({**TYPED, fourth.id: picked}[i].split()) for i in ids]
    assert round(body["scores"][0]["score"], 4) == sacrebleu_ter(post_edits, mt, tmp_path)

    # Edits made on this Document do not go into another translation of the same article.
    other = seed_doc.with_post_edits({})
    first = other.paragraphs[0]
    from dataclasses import replace

    changed = replace(
        first, segments=(replace(first.segments[0], translation="Something else."), *first.segments[1:])
    )
    other_json = tmp_path / "other.json"
    other_json.write_text(
        replace(other, paragraphs=(changed, *other.paragraphs[1:])).to_json(), encoding="utf-8"
    )
    refused = runner.invoke(app, ["apply-edits", str(other_json), str(edits)])
    assert refused.exit_code == 2 and "made for another Document" in refused.output


def test_typed_markup_is_shown_as_text_never_run(
    context: Any, pages: tuple[Path, Path], tmp_path: Path
) -> None:
    _, page = pages
    tab = open_page(context, page)
    markup_before = tab.evaluate("document.querySelectorAll('main img, main script, main b').length")
    tab.focus(seg("p1.s1", "en"))
    tab.keyboard.press("e")
    tab.keyboard.press("Control+a")
    tab.keyboard.insert_text(PLANTED)  # as a paste arrives
    tab.keyboard.press("Control+Enter")
    for _ in range(2):  # as accepted, and as restored from local storage
        assert tab.evaluate("window.__pwned") is None
        assert (
            tab.evaluate("document.querySelectorAll('main img, main script, main b').length") == markup_before
        )
        assert tab.text_content(seg("p1.s1", "en")) == PLANTED
        assert tab.evaluate("document.images.length") == 0
        tab.reload()
    # the re-checked badges and the corrected Document carry it as text too
    tab.focus(seg("p1.s1", "en"))
    with tab.expect_download() as download:
        tab.click("#download-document")
    saved = tmp_path / "corrected.json"
    download.value.save_as(saved)
    assert Document.from_json(saved.read_text(encoding="utf-8")).segments[0].post_edit == PLANTED
    finish(tab)


def test_keys_cancel_accept_revert_and_drafts(
    context: Any, pages: tuple[Path, Path], seed_doc: Document
) -> None:
    _, page = pages
    mt = {s.id: s.translation for s in seed_doc.segments}
    tab = open_page(context, page)
    tab.focus(seg("p2.s1", "en"))
    tab.keyboard.press("e")
    tab.keyboard.type(" more")
    tab.keyboard.press("Escape")  # cancelled: nothing changes
    assert english(tab, "p2.s1") == " ".join((mt["p2.s1"] or "").split()) and counts(tab) == (0, 0)
    assert tab.evaluate("document.activeElement.closest('.seg').dataset.seg") == "p2.s1"
    tab.keyboard.press("Control+Enter")  # accepted as it is
    assert counts(tab) == (1, 0) and "accepted" in tab.get_attribute(seg("p2.s1"), "class")
    tab.keyboard.press("r")  # reverted
    assert counts(tab) == (0, 0) and tab.get_attribute("#save-state", "data-state") == "clean"
    tab.keyboard.press("j")
    tab.keyboard.press("1")  # the best of the n best: the machine translation, accepted
    assert counts(tab) == (1, 0)
    tab.dblclick(seg("p3.s1", "en"))  # the mouse: double-click edits, buttons accept
    tab.fill(seg("p3.s1") + " textarea.editor", "Typed but not accepted yet.")
    assert tab.get_attribute("#save-state", "data-state") == "unsaved"
    tab.reload()  # a draft survives a closed tab
    assert tab.input_value(seg("p3.s1") + " textarea.editor") == "Typed but not accepted yet."
    assert tab.get_attribute("#save-state", "data-state") == "unsaved"
    tab.click('#dock button[data-act="accept"]')
    assert english(tab, "p3.s1") == "Typed but not accepted yet." and counts(tab) == (2, 1)
    assert tab.get_attribute("#save-state", "data-state") == "saved"
    finish(tab)


def test_without_local_storage_the_page_says_it_is_not_saved(browser: Any, pages: tuple[Path, Path]) -> None:
    _, page = pages
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.add_init_script("Storage.prototype.setItem = function () { throw new Error('quota'); };")
    tab = open_page(context, page)
    edit(tab, "p1.s1", "Fixed.")
    assert tab.get_attribute("#save-state", "data-state") == "failed"
    assert "Download the edits" in tab.text_content("#save-state")
    context.close()


def test_edited_text_is_re_checked(context: Any, pages: tuple[Path, Path], seed_doc: Document) -> None:
    _, page = pages
    tab = open_page(context, page)
    source = next(s for s in seed_doc.segments if s.id == "p1.s1").source
    assert "2016" in source
    edit(tab, "p1.s1", "Observers speculated that the campaign helped Trump in the United States of America.")
    rechecked = tab.eval_on_selector_all(
        seg("p1.s1") + " .badge.recheck", "bs => bs.map(b => b.dataset.recheck)"
    )
    assert "number-mismatch" in rechecked  # 2016 is missing from the edit
    stale = tab.eval_on_selector_all(
        seg("p1.s1") + " .badge.not-rechecked", "bs => bs.map(b => b.dataset.code)"
    )
    assert "possible-truncation" in stale or "low-confidence" in stale  # about the MT: marked, not re-run
    superseded = tab.eval_on_selector_all(
        seg("p1.s1") + " .badge.superseded", "bs => bs.map(b => b.dataset.code)"
    )
    assert superseded and set(superseded) <= {"number-mismatch", "untranslated", "repetition", "length-ratio"}
    fixed = "For two years observers speculated that the June 2016 Brexit campaign in the UK helped Trump's."
    edit(tab, "p1.s1", fixed)
    assert tab.eval_on_selector_all(seg("p1.s1") + " .badge.recheck", "bs => bs.length") == 0
    finish(tab)


# The page's checks against the Python ones on the same pairs (codes and severities). Where the page is
# simpler by design (docs/review.md), the case says what Python does instead.
PARITY = [
    ("قال إن 2016 كان عاما صعبا على الحكومة.", "He said 2016 was a hard year for the government."),
    ("قال إن 2016 كان عاما صعبا على الحكومة.", "He said 2015 was a hard year for the government."),
    ("بلغ عدد السكان ١٬٢٣٤ نسمة في القرية.", "The village had 1,234 inhabitants."),
    ("قتل 3 أشخاص في الحادث المروري أمس.", "Three people were killed in the traffic accident yesterday."),
    ("قتل 3 أشخاص في الحادث المروري أمس.", "People were killed in the traffic accident yesterday."),
    ("وصل الوزير إلى بيروت صباح اليوم.", "The minister arrived in بيروت this morning."),
    ("وصل الوزير إلى بيروت صباح اليوم.", "وصل الوزير إلى بيروت صباح اليوم"),
    ("وصل الوزير إلى بيروت صباح اليوم.", "the the the minister arrived this morning"),
    ("وصل الوزير إلى بيروت صباح اليوم.", "he said that he said that he said that he went home"),
    ("وصل الوزير إلى بيروت صباح اليوم في زيارة رسمية تستغرق يومين.", "He came."),
    ("وصل الوزير.", "He came."),
    ("وصل الوزير إلى بيروت صباح اليوم.", "The minister arrived in Beirut this morning " + "and then " * 12),
    ("نعم نعم نعم قالها الجمهور.", "Yes yes yes, the crowd said."),
]


def test_in_page_checks_agree_with_the_python_checks(context: Any, pages: tuple[Path, Path]) -> None:
    _, page = pages
    tab = open_page(context, page)
    page_flags = tab.evaluate(
        "cases => cases.map(([s, t]) => newsalign.check(s, t).map(f => f.code + ':' + f.severity))", PARITY
    )
    for (source, translation), got in zip(PARITY, page_flags, strict=True):
        flags = (
            checks.untranslated(source, translation)
            + [
                f for f in number_check.numbers(source, translation) if f.severity == "error"
            ]  # the page: missing only
            + repetition.repetition(source, translation)
            + checks.length_ratio(source, translation)
        )
        assert got == [f"{f.code}:{f.severity}" for f in flags], (source, translation)
    finish(tab)


@pytest.mark.parametrize("width", [360, 420, 1400])
def test_no_sideways_scroll(browser: Any, pages: tuple[Path, Path], width: int) -> None:
    _, page = pages
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = open_page(context, page)
    tab.focus(seg("p2.s1", "en"))  # the edit row and the alternatives shown
    tab.keyboard.press("e")
    assert tab.evaluate("document.documentElement.scrollWidth") <= width
    badges = tab.eval_on_selector_all(
        ".badge", f"bs => bs.filter(b => b.getBoundingClientRect().right > {width}).length"
    )
    assert badges == 0
    context.close()


# -- docs/review-420.png, docs/review-1400.png ---------------------------------------------------------------

SCREENSHOTS = {420: ROOT / "docs" / "review-420.png", 1400: ROOT / "docs" / "review-1400.png"}
LABEL = "newsalign review: bannon-brexit.ar.txt (random-weight test model: the English is noise)"
# A reviewer's correction of p1.s1, typed for the screenshot (the model's English is noise).
CORRECTION = (
    "For two years, observers have speculated that the Brexit campaign in the United Kingdom in June 2016"
    " served, to some extent, Donald Trump's presidential campaign in the United States."
)


def screenshots(browser: Any, doc: Document, folder: Path) -> dict[int, Path]:
    """The labelled page at 420 and 1400 px: p1.s1 corrected, p2.s1's second alternative taken, p3.s1
    active (its alternatives in the dock). Fails if either width scrolls sideways."""
    from align.render.html import to_html as render

    page = folder / "review-shots.html"
    page.write_text(render(doc, title=LABEL), encoding="utf-8")
    shots = {}
    for width, target in SCREENSHOTS.items():
        # a tall phone window: the label in the header, the first sentences and the dock in one picture
        context = browser.new_context(viewport={"width": width, "height": 1000 if width > 420 else 1800})
        tab = open_page(context, page)
        edit(tab, "p1.s1", CORRECTION)
        tab.focus(seg("p2.s1", "en"))
        tab.keyboard.press("2")
        tab.focus(seg("p3.s1", "en"))
        tab.evaluate("window.scrollTo(0, 0)")
        assert tab.evaluate("document.documentElement.scrollWidth") <= width
        shots[width] = folder / target.name
        tab.screenshot(path=str(shots[width]))
        finish(tab)
        context.close()
    return shots


def test_docs_screenshots(browser: Any, seed_doc: Document, tmp_path: Path) -> None:
    shots = screenshots(browser, seed_doc, tmp_path)
    for width, shot in shots.items():
        data = shot.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and int.from_bytes(data[16:20], "big") == width


if __name__ == "__main__":
    import tempfile

    from playwright.sync_api import sync_playwright

    from align.testing.random_model import build_random_marian

    if os.environ.get("NEWSALIGN_UPDATE_SCREENSHOT") != "1":
        raise SystemExit(
            "set NEWSALIGN_UPDATE_SCREENSHOT=1 to rewrite docs/review-420.png and review-1400.png"
        )
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        os.environ.setdefault("NEWSALIGN_HOME", tmp)
        model = build_random_marian(Path(tmp) / "tiny", max_length=24)  # as the tests' tiny_model
        doc = Document.from_json(real_run(Path(tmp), model).read_text(encoding="utf-8"))
        chromium = launch(playwright)
        for width, shot in screenshots(chromium, doc, Path(tmp)).items():
            SCREENSHOTS[width].write_bytes(shot.read_bytes())
            print(f"{SCREENSHOTS[width]} ({shot.stat().st_size / 1000:.0f} kB)")
        chromium.close()
