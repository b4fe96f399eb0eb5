"""Regenerate the Arabic news PDF fixtures in tests/fixtures/pdf/ (the test suite does not run this).

Two NTREX-128 Arabic documents are typeset by LibreOffice Writer (headless) from flat ODF (.fodt) files that
this script writes: a one-column article and a two-column article with a pull-quote, both right-to-left,
justified, with running headers and page numbers. Page 1 of the one-column PDF is rasterised (pdftoppm) and
wrapped as an image-only PDF (img2pdf); the one-column PDF is also encrypted with a user password (qpdf).
For the two typeset PDFs the script writes the gold text (what a reader should extract), the pull-quote,
the running header/footer strings, and the baseline extraction of plain ``pdftotext`` (and ``-layout``).

    python scripts/make_pdf_fixtures.py [--data DIR] [--out DIR] [--keep-fodt]

Needs (Debian/Ubuntu): libreoffice-writer-nogui fonts-hosny-amiri fonts-noto-core poppler-utils qpdf
img2pdf. Output is byte-for-byte reproducible with the same tool and font versions (dates and document
ids are pinned; LibreOffice runs with a throw-away profile and TZ=UTC).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from align.datasets import documents_by_id

REPO = Path(__file__).resolve().parent.parent
OUT_DIR = REPO / "tests" / "fixtures" / "pdf"
FIXED_PDF_DATE = "20181001120000"  # the articles' week; replaces LibreOffice's export time
USER_PASSWORD = "newsalign"
OWNER_PASSWORD = "newsalign-owner"
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
TOOLS = ("soffice", "pdftoppm", "pdftotext", "pdfinfo", "pdffonts", "qpdf", "img2pdf")


@dataclass(frozen=True)
class Article:
    """One fixture: which NTREX-128 document, how its sentences group into paragraphs, and the layout."""

    name: str
    doc_id: str
    paragraphs: tuple[int, ...]  # sentences per body paragraph, in order (the title is sentence 0)
    columns: int
    header: tuple[str, str]  # (newspaper name, date) of the running header
    page_word: str  # footer: "<page_word> N <of_word> M"
    of_word: str
    indic_paragraphs: frozenset[int] = frozenset()  # 1-based body paragraphs whose digits become ٠-٩
    pullquote: str = ""
    pullquote_after: int = 0  # the pull-quote follows this 1-based body paragraph
    indic_footer: bool = False


ARTICLES = (
    Article(
        name="news-1col",
        doc_id="newsweek.51318",  # Global Citizen Festival: years, amounts, Latin "VIP", "clicktivism"
        paragraphs=(1, 1, 1, 1, 2, 2, 2, 1, 1, 1, 3, 1),
        columns=1,
        header=("صحيفة الأخبار اليومية", "السبت 29 سبتمبر 2018"),
        page_word="صفحة",
        of_word="من",
    ),
    Article(
        name="news-2col",
        doc_id="reuters.218932",  # Macedonia name referendum: percentages, years, dates, Latin "Telma"
        paragraphs=(1, 2, 1, 1, 1, 1, 2, 2, 1, 1, 2, 2, 3, 1, 2, 2),
        columns=2,
        header=("المراقب الدولي", "الاثنين ١ أكتوبر ٢٠١٨"),
        page_word="صفحة",
        of_word="من",
        indic_paragraphs=frozenset({8, 10, 15}),
        pullquote="«نحن دولة فقيرة ولكن لدينا كرامة»",
        pullquote_after=5,
        indic_footer=True,
    ),
    Article(
        # One page: a masthead with a date on a page of its own; a two-line headline whose second line
        # has a word space where the column gutter runs below it.
        name="news-2col-title",
        doc_id="dailymail.co.uk.298732",  # Birkenhead stabbing: times, ages, a phone number, "@MerPolCC"
        paragraphs=(2, 2, 2, 2, 2, 2, 2, 2, 1),
        columns=2,
        header=("المراقب الدولي", "الاثنين ١ أكتوبر ٢٠١٨"),
        page_word="صفحة",
        of_word="من",
        indic_footer=True,
    ),
)


# --------------------------------------------------------------------------------------------- text


def article_text(article: Article, sentences: Sequence[str]) -> tuple[str, list[str]]:
    """(title, body paragraphs) as typeset: whitespace runs folded, chosen paragraphs' digits Arabic-Indic."""
    clean = [" ".join(s.split()) for s in sentences]
    if sum(article.paragraphs) != len(clean) - 1:
        raise SystemExit(
            f"{article.name}: paragraph plan covers {sum(article.paragraphs)} of {len(clean) - 1}"
        )
    body: list[str] = []
    i = 1
    for number, count in enumerate(article.paragraphs, start=1):
        text = " ".join(clean[i : i + count])
        if number in article.indic_paragraphs:
            text = text.translate(ARABIC_INDIC)
        body.append(text)
        i += count
    return clean[0], body


# ----------------------------------------------------------------------------------------- flat ODF

NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"'
)


def font(arabic: str, latin: str, size: str, bold: bool = False) -> str:
    """text-properties for Arabic (complex) and Latin (western) runs."""
    weight = ' fo:font-weight="bold" style:font-weight-complex="bold"' if bold else ""
    return (
        f'<style:text-properties style:font-name="{latin}" fo:font-size="{size}" fo:language="en" '
        f'fo:country="GB" style:font-name-complex="{arabic}" style:font-size-complex="{size}" '
        f'style:language-complex="ar" style:country-complex="SA"{weight}/>'
    )


@dataclass(frozen=True)
class Look:
    body_ar: str
    body_lat: str
    body_size: str
    title_ar: str
    title_lat: str
    title_size: str
    head_ar: str
    head_lat: str
    line_height: str
    margins: str  # top, bottom, left/right


LOOKS = {  # by column count; line height and margins are tuned so that a paragraph crosses page 1 -> 2
    1: Look(
        body_ar="Amiri",
        body_lat="Amiri",
        body_size="13pt",
        title_ar="Amiri",
        title_lat="Amiri",
        title_size="22pt",
        head_ar="Noto Sans Arabic",
        head_lat="Noto Sans",
        line_height="118%",
        margins="1.6cm 1.6cm 2.4cm",
    ),
    2: Look(
        body_ar="Noto Naskh Arabic",
        body_lat="Noto Serif",
        body_size="11pt",
        title_ar="Noto Kufi Arabic",
        title_lat="Noto Sans",
        title_size="19pt",
        head_ar="Noto Kufi Arabic",
        head_lat="Noto Sans",
        line_height="100%",
        margins="1.4cm 1.4cm 1.8cm",
    ),
}


def fodt(article: Article, title: str, body: Sequence[str]) -> str:
    look = LOOKS[article.columns]
    top, bottom, side = look.margins.split()
    fonts = sorted({look.body_ar, look.body_lat, look.title_ar, look.title_lat, look.head_ar, look.head_lat})
    font_decls = "".join(
        f'<style:font-face style:name="{f}" svg:font-family="&apos;{f}&apos;" style:font-pitch="variable"/>'
        for f in fonts
    )
    rl = 'style:writing-mode="rl-tb"'
    name, date = article.header
    if article.columns == 1:
        header = f"{escape(name)} — {escape(date)}"
    else:  # newspaper name at the right margin, date at the left: two runs with a gap between them
        header = f"{escape(name)}<text:tab/>{escape(date)}"
    page_fmt = ' style:num-format="١, ٢, ٣, ..."' if article.indic_footer else ' style:num-format="1"'
    page = f'<text:page-number text:select-page="current"{page_fmt}>1</text:page-number>'
    count = f"<text:page-count{page_fmt}>1</text:page-count>"
    footer = f"{escape(article.page_word)} {page} {escape(article.of_word)} {count}"
    width = 21.0 - 2 * float(side.removesuffix("cm"))
    if article.columns == 2:
        columns = (
            '<style:columns fo:column-count="2" fo:column-gap="0.7cm">'
            '<style:column-sep style:width="0.02cm" style:color="#808080" style:height="100%"/>'
            '<style:column style:rel-width="1*" fo:start-indent="0cm" fo:end-indent="0.35cm"/>'
            '<style:column style:rel-width="1*" fo:start-indent="0.35cm" fo:end-indent="0cm"/>'
            "</style:columns>"
        )
    else:
        columns = ""
    paragraphs = []
    for number, text in enumerate(body, start=1):
        paragraphs.append(f'<text:p text:style-name="Body">{escape(text)}</text:p>')
        if article.pullquote and number == article.pullquote_after:
            paragraphs.append(f'<text:p text:style-name="PullQuote">{escape(article.pullquote)}</text:p>')
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document {NS} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:meta><dc:title>{escape(title)}</dc:title><dc:language>ar-SA</dc:language></office:meta>
<office:font-face-decls>{font_decls}</office:font-face-decls>
<office:styles>
<style:default-style style:family="paragraph">
<style:paragraph-properties {rl} fo:orphans="2" fo:widows="2"/>
{font(look.body_ar, look.body_lat, look.body_size)}
</style:default-style>
<style:style style:name="Standard" style:family="paragraph" style:class="text"/>
<style:style style:name="Title" style:family="paragraph" style:parent-style-name="Standard">
<style:paragraph-properties {rl} fo:text-align="start" fo:margin-top="0.2cm" fo:margin-bottom="0.5cm"
 fo:keep-with-next="always"/>
{font(look.title_ar, look.title_lat, look.title_size, bold=True)}
</style:style>
<style:style style:name="Body" style:family="paragraph" style:parent-style-name="Standard">
<style:paragraph-properties {rl} fo:text-align="justify" style:justify-single-word="false"
 fo:text-indent="0.7cm" fo:margin-top="0cm" fo:margin-bottom="0.18cm" fo:line-height="{look.line_height}"/>
</style:style>
<style:style style:name="PullQuote" style:family="paragraph" style:parent-style-name="Standard">
<style:paragraph-properties {rl} fo:text-align="center" fo:margin-top="0.3cm" fo:margin-bottom="0.35cm"
 fo:margin-left="0.3cm" fo:margin-right="0.3cm" fo:padding="0.2cm"
 fo:border-left="none" fo:border-right="none"
 fo:border-top="0.08cm solid #303030" fo:border-bottom="0.08cm solid #303030" fo:keep-together="always"/>
{font(look.title_ar, look.title_lat, "15pt", bold=True)}
</style:style>
<style:style style:name="Header" style:family="paragraph" style:parent-style-name="Standard">
<style:paragraph-properties {rl} fo:text-align="{"center" if article.columns == 1 else "start"}"
 fo:padding-bottom="0.1cm" fo:border-bottom="0.03cm solid #000000">
<style:tab-stops><style:tab-stop style:position="{width:.2f}cm" style:type="right"/></style:tab-stops>
</style:paragraph-properties>
{font(look.head_ar, look.head_lat, "9pt")}
</style:style>
<style:style style:name="Footer" style:family="paragraph" style:parent-style-name="Standard">
<style:paragraph-properties {rl} fo:text-align="center"/>
{font(look.head_ar, look.head_lat, "9pt")}
</style:style>
</office:styles>
<office:automatic-styles>
<style:page-layout style:name="pm1">
<style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" style:print-orientation="portrait"
 fo:margin-top="{top}" fo:margin-bottom="{bottom}" fo:margin-left="{side}" fo:margin-right="{side}" {rl}/>
<style:header-style><style:header-footer-properties fo:min-height="0cm" fo:margin-bottom="0.5cm"/>
</style:header-style>
<style:footer-style><style:header-footer-properties fo:min-height="0cm" fo:margin-top="0.5cm"/>
</style:footer-style>
</style:page-layout>
<style:style style:name="Columns" style:family="section">
<style:section-properties {rl} text:dont-balance-text-columns="false">{columns}</style:section-properties>
</style:style>
</office:automatic-styles>
<office:master-styles>
<style:master-page style:name="Standard" style:page-layout-name="pm1">
<style:header><text:p text:style-name="Header">{header}</text:p></style:header>
<style:footer><text:p text:style-name="Footer">{footer}</text:p></style:footer>
</style:master-page>
</office:master-styles>
<office:body><office:text>
<text:p text:style-name="Title">{escape(title)}</text:p>
<text:section text:style-name="Columns" text:name="Body">
{chr(10).join(paragraphs)}
</text:section>
</office:text></office:body>
</office:document>
"""


# ---------------------------------------------------------------------------------------------- tools


def run(*cmd: str, env: dict[str, str] | None = None) -> str:
    """Run a tool; its stdout, or SystemExit with its stderr when it fails."""
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)}: exit {done.returncode}\n{done.stderr.strip()}")
    return done.stdout


def soffice_to_pdf(source: Path, workdir: Path) -> Path:
    """Convert with a throw-away LibreOffice profile (no user settings leak in) and a fixed time zone."""
    profile = workdir / "lo-profile"
    env = dict(os.environ, TZ="UTC", SOURCE_DATE_EPOCH="1538395200", LC_ALL="C.UTF-8")
    run(
        "soffice",
        f"-env:UserInstallation=file://{profile}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(workdir),
        str(source),
        env=env,
    )
    pdf = workdir / (source.stem + ".pdf")
    if not pdf.exists():
        raise SystemExit(f"soffice did not write {pdf}")
    return pdf


def pin_pdf(data: bytes) -> bytes:
    """Replace LibreOffice's export time, /ID and /DocChecksum (both time-dependent) by fixed values of the
    same length, so byte offsets and the xref table stay valid."""
    data = re.sub(rb"(/(?:CreationDate|ModDate)\s*\(D:)\d{14}", rb"\g<1>" + FIXED_PDF_DATE.encode(), data)
    volatile = rb"/ID\s*\[[^\]]*\]|/DocChecksum\s*/[0-9A-Fa-f]{32}"
    digest = hashlib.md5(re.sub(volatile, b"", data)).hexdigest().upper().encode()

    def pinned(match: re.Match[bytes]) -> bytes:
        return re.sub(rb"[0-9A-Fa-f]{32}", digest, match.group(0))

    return re.sub(volatile, pinned, data)


def page_count(pdf: Path, password: str = "") -> int:
    info = run("pdfinfo", "-upw", password, str(pdf))
    match = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    if not match:
        raise SystemExit(f"pdfinfo: no page count for {pdf}")
    return int(match.group(1))


def write_text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8", newline="\n")


# ------------------------------------------------------------------------------------------- fixtures


def make_article(article: Article, sentences: Sequence[str], out: Path, workdir: Path, keep: bool) -> None:
    title, body = article_text(article, sentences)
    source = workdir / f"{article.name}.fodt"
    write_text(source, fodt(article, title, body))
    if keep:
        shutil.copy(source, out / source.name)
    pdf = out / f"{article.name}.pdf"
    pdf.write_bytes(pin_pdf(soffice_to_pdf(source, workdir).read_bytes()))

    write_text(out / f"{article.name}.gold.txt", "\n\n".join([title, *body]) + "\n")
    if article.pullquote:
        write_text(out / f"{article.name}.pullquote.txt", article.pullquote + "\n")
    pages = page_count(pdf)
    name, date = article.header
    rows = []
    for page in range(1, pages + 1):
        number, total = str(page), str(pages)
        if article.indic_footer:
            number, total = number.translate(ARABIC_INDIC), total.translate(ARABIC_INDIC)
        if article.columns == 1:
            rows.append(f"{page}\theader\t{name} — {date}")
        else:
            rows += [f"{page}\theader\t{name}", f"{page}\theader\t{date}"]
        rows.append(f"{page}\tfooter\t{article.page_word} {number} {article.of_word} {total}")
    write_text(out / f"{article.name}.header.txt", "\n".join(rows) + "\n")

    run("pdftotext", "-enc", "UTF-8", str(pdf), str(out / f"{article.name}.pdftotext.txt"))
    run("pdftotext", "-enc", "UTF-8", "-layout", str(pdf), str(out / f"{article.name}.pdftotext-layout.txt"))


def make_scanned(source_pdf: Path, out: Path, workdir: Path) -> None:
    """Page 1 of ``source_pdf`` as an image-only PDF (no text layer): rendered at 120 dpi in grey, turned
    0.4 degrees like a page fed slightly askew, saved as a JPEG (quality 45) and wrapped by img2pdf."""
    from PIL import Image

    stem = workdir / "scan"
    run("pdftoppm", "-f", "1", "-l", "1", "-r", "120", "-gray", "-singlefile", str(source_pdf), str(stem))
    jpeg = workdir / "scan.jpg"
    with Image.open(str(stem) + ".pgm") as page:
        skewed = page.rotate(0.4, resample=Image.Resampling.BICUBIC, fillcolor=255)
        skewed.save(jpeg, quality=45, optimize=True, dpi=(120, 120))
    run(
        "img2pdf",
        "--engine",
        "internal",
        "--nodate",
        "--title",
        "scanned news page",
        "-o",
        str(out / "scanned.pdf"),
        str(jpeg),
    )


def make_encrypted(source_pdf: Path, out: Path) -> None:
    """``source_pdf`` with 128-bit AES encryption (security handler R4): opening needs the user password.

    AES-256 (R6) would draw random salts on every run; R4 with qpdf's test-only fixed /ID and IV is
    reproducible. (Fixed IVs weaken the encryption: fine for a fixture, never for real documents.)
    """
    run(
        "qpdf",
        "--static-id",
        "--static-aes-iv",
        "--encrypt",
        USER_PASSWORD,
        OWNER_PASSWORD,
        "128",
        "--use-aes=y",
        "--",
        str(source_pdf),
        str(out / "encrypted.pdf"),
    )


def make_previews(out: Path, names: Sequence[str], workdir: Path, limit: int = 60_000) -> None:
    """Page 1 of each PDF at 60 dpi in 16 grey levels; kept under preview/ only when under ``limit`` bytes."""
    from PIL import Image

    preview = out / "preview"
    preview.mkdir(exist_ok=True)
    for name in names:
        stem = workdir / f"preview-{name}"
        run(
            "pdftoppm",
            "-f",
            "1",
            "-l",
            "1",
            "-r",
            "60",
            "-gray",
            "-png",
            "-singlefile",
            str(out / f"{name}.pdf"),
            str(stem),
        )
        png = Path(str(stem) + ".png")
        with Image.open(png) as image:  # 16 grey levels: a quarter of the size of pdftoppm's 8-bit PNG
            image.convert("L").quantize(16, dither=Image.Dither.NONE).save(png, optimize=True, bits=4)
        target = preview / f"{name}.png"
        if png.stat().st_size < limit:
            shutil.copy(png, target)
        else:
            target.unlink(missing_ok=True)
            print(f"preview of {name} is {png.stat().st_size} bytes: not kept", file=sys.stderr)


def summarise(out: Path) -> None:
    """Print what a text extractor meets in each fixture: pages, fonts, characters by Unicode block."""
    try:
        import pdfplumber
    except ImportError:  # the per-character summary is skipped
        pdfplumber = None  # type: ignore[assignment]
    for pdf in sorted(out.glob("*.pdf")):
        password = USER_PASSWORD if pdf.name == "encrypted.pdf" else ""
        fonts = run("pdffonts", "-upw", password, str(pdf)).splitlines()[2:]
        embedded = sorted({line.split()[0] for line in fonts if line.split()[-5:-3] == ["yes", "yes"]})
        line = f"{pdf.name}: {pdf.stat().st_size} bytes, {page_count(pdf, password)} pages"
        line += f", fonts embedded: {', '.join(embedded) or 'none'}"
        if pdfplumber is not None:
            counts = {"arabic": 0, "presentation-forms": 0, "pua": 0, "unmapped (cid:N)": 0, "other": 0}
            with pdfplumber.open(pdf, password=password) as document:
                for page in document.pages:
                    for char in page.chars:
                        text = char["text"]
                        if text.startswith("(cid:"):
                            counts["unmapped (cid:N)"] += 1
                            continue
                        for c in text:
                            code = ord(c)
                            if 0x0600 <= code <= 0x06FF:
                                counts["arabic"] += 1
                            elif 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF:
                                counts["presentation-forms"] += 1
                            elif 0xE000 <= code <= 0xF8FF:
                                counts["pua"] += 1
                            else:
                                counts["other"] += 1
            line += "; pdfplumber chars: " + ", ".join(f"{k} {v}" for k, v in counts.items())
        print(line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data", type=Path, default=None, help="test-data directory (default: the shipped test sets)"
    )
    parser.add_argument("--out", type=Path, default=OUT_DIR, help=f"output directory (default: {OUT_DIR})")
    parser.add_argument("--keep-fodt", action="store_true", help="also write the .fodt sources to --out")
    parser.add_argument(
        "--only", metavar="NAME", help="typeset only this article (no scan, encryption, previews)"
    )
    args = parser.parse_args(argv)
    needed = ("soffice", "pdfinfo", "pdftotext") if args.only else TOOLS
    missing = [tool for tool in needed if shutil.which(tool) is None]
    try:
        import PIL  # noqa: F401  # the scan's JPEG and the previews
    except ImportError:
        if not args.only:
            missing.append("Pillow (pip install pillow)")
    if missing:
        print(f"make_pdf_fixtures: missing tools: {', '.join(missing)} (see the docstring)", file=sys.stderr)
        return 2
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    docs = documents_by_id("ntrex128", args.data)
    with tempfile.TemporaryDirectory(prefix="newsalign-pdf-") as tmp:
        workdir = Path(tmp)
        for article in ARTICLES:
            if args.only in (None, article.name):
                make_article(article, docs[article.doc_id], out, workdir, args.keep_fodt)
        if args.only:
            return 0
        make_scanned(out / "news-1col.pdf", out, workdir)
        make_encrypted(out / "news-1col.pdf", out)
        make_previews(out, [a.name for a in ARTICLES] + ["scanned"], workdir)
    summarise(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
