"""Write the Chromium fixtures' pages (and the same articles in other fonts) through Firefox's print-to-PDF,
from NTREX-128 articles: Gecko's layout and bidirectional ordering, HarfBuzz shaping, cairo's PDF surface
(what "Save to PDF" in Firefox makes). One to three columns, a pull-quote, Arabic-Indic digits, a headline
that wraps; the page's running head and footer in CSS page-margin boxes. Not fixtures of the suite: a
measurement of how the reader fares on another browser engine.

Firefox is driven by its Marionette protocol (the ``marionette_driver`` package, Mozilla's own client, MPL),
whose ``WebDriver:Print`` command prints as the browser's print dialog does.

    apt-get install firefox-esr fonts-noto-core fonts-hosny-amiri fonts-sil-scheherazade fonts-kacst
    python -m venv /tmp/ffenv && /tmp/ffenv/bin/pip install marionette-driver
    /tmp/ffenv/bin/python scripts/make_firefox_pdfs.py OUT_DIR && python scripts/evaluate_pdf.py OUT_DIR
    /tmp/ffenv/bin/python scripts/make_firefox_pdfs.py --fixtures   # tests/fixtures/pdf/other/firefox-2col

Firefox draws no CSS page-margin boxes, and ``WebDriver:Print`` leaves out its own header and footer, so
these pages have no running heads.
"""

from __future__ import annotations

import base64
import dataclasses
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from make_chromium_fixtures import FIXTURES, Fixture, article, page, write_gold

SITE, DATE = "موقع الأخبار", "الأحد ٣٠ سبتمبر ٢٠١٨"
# font, columns, NTREX-128 document: the Chromium fixtures' pages, then other fonts
OTHERS = (
    ("Scheherazade", 1, 24),
    ("KacstOne", 2, 78),
    ("DejaVu Sans", 3, 45),
    ("Noto Kufi Arabic", 2, 60),
)


def pages() -> list[Fixture]:
    out = [
        dataclasses.replace(
            f, name=f.name.replace("chromium", "firefox"), chromium_bands=False, site=SITE, date=DATE
        )
        for f in FIXTURES
    ]
    for font, columns, document in OTHERS:
        short = font.split()[0].lower()
        out.append(
            Fixture(
                f"news-firefox-{short}-{columns}col", document, columns, font, "12pt", "22pt", False,
                frozenset({1}), 2, SITE, DATE,
            )
        )  # fmt: skip
    return out


FIXTURE = ("news-firefox-2col", "firefox-2col")  # Noto Sans Arabic: every glyph has its ToUnicode entry
FIXTURE_DIR = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "pdf" / "other"


def main(argv: list[str]) -> int:
    from marionette_driver.marionette import Marionette

    fixtures = "--fixtures" in argv
    argv = [a for a in argv if a != "--fixtures"]
    out = FIXTURE_DIR if fixtures else Path(argv[0]) if argv else Path("firefox-pdfs")
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="newsalign-firefox-"))
    browser = Marionette(bin="/usr/bin/firefox-esr", headless=True, gecko_log=str(work / "gecko.log"))
    browser.start_session()
    try:
        for fixture in pages():
            if fixtures:
                if fixture.name != FIXTURE[0]:
                    continue
                fixture = dataclasses.replace(fixture, name=FIXTURE[1])
            title, paragraphs, quote = article(fixture)
            source = work / f"{fixture.name}.html"
            source.write_text(page(fixture, title, paragraphs, quote), encoding="utf-8")
            browser.navigate(source.as_uri())
            answer = browser._send_message("WebDriver:Print", {"background": True, "shrinkToFit": False})
            data = answer["value"] if isinstance(answer, dict) else answer
            (out / f"{fixture.name}.pdf").write_bytes(base64.b64decode(data))
            write_gold(out, fixture.name, title, paragraphs)
            print(out / f"{fixture.name}.pdf")
    finally:
        browser.delete_session()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
