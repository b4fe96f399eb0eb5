"""Saved web pages and Word files: the readers on their fixtures, sniffing, encodings, damaged input."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from align.cli.common import exit_code
from align.errors import InputError
from align.ingest import read_article, sniff_format
from align.ingest.base import RawArticle

FIXTURES = Path(__file__).resolve().parent / "fixtures"
HTML = FIXTURES / "html" / "article.html"
HTML_CP1256 = FIXTURES / "html" / "article-cp1256.html"
DOCX = FIXTURES / "docx" / "article.docx"

HTML_KINDS = ["title", "byline", *["body"] * 4, "title", *["body"] * 4]
DOCX_KINDS = ["title", "byline", "body", "body", "title", "body", "body", *["body"] * 6, "body"]
# Page furniture of the HTML fixture: navigation, breadcrumbs, share bar, tags, comments, related and
# most-read lists, newsletter, cookie banner, footer, scripts, the <title> suffix and the date line.
HTML_BOILERPLATE = [
    "القائمة الرئيسية",
    "ثقافة وفنون",
    "ابحث في الموقع",
    "العالم",
    "واتساب",
    "الوسوم",
    "تعليق القارئ",
    "التعليقات",
    "اقرأ أيضا",
    "احتجاجات في أثينا",
    "الأكثر قراءة",
    "النشرة البريدية",
    "ملفات تعريف الارتباط",
    "موافق",
    "جميع الحقوق محفوظة",
    "من نحن",
    "سكريبت التتبع",
    "dataLayer",
    "localStorage",
    "أخبار الصباح",
    "30 سبتمبر 2018",
]
ARTICLE = "قال الوزير إن الحكومة ستعلن خطتها الجديدة للاقتصاد يوم الأحد، وأضاف أن التفاصيل ستنشر لاحقا."


def gold(path: Path) -> list[str]:
    return path.with_name("article.gold.txt").read_text(encoding="utf-8").strip("\n").split("\n\n")


def paragraphs(raw: RawArticle) -> list[str]:
    return [raw.text[b.start : b.end] for b in raw.blocks]


def kinds(raw: RawArticle) -> list[str]:
    return [b.kind for b in raw.blocks]


def assert_one_line_error(info: pytest.ExceptionInfo[InputError], path: Path | str, *fragments: str) -> None:
    message = str(info.value)
    assert "\n" not in message, message
    assert message.startswith(f"{path}: "), message
    for fragment in fragments:
        assert fragment in message, message
    assert exit_code(info.value) == 2


# -- the fixtures give exactly their gold paragraphs ------------------------------------------------------


@pytest.mark.parametrize(("path", "encoding"), [(HTML, "utf-8"), (HTML_CP1256, "cp1256")])
def test_html_fixture_gives_the_gold_paragraphs(path: Path, encoding: str) -> None:
    raw = read_article(path)
    assert paragraphs(raw) == gold(path)
    assert raw.text == "\n\n".join(gold(path))
    assert kinds(raw) == HTML_KINDS
    assert (raw.format, raw.encoding, raw.source) == ("html", encoding, str(path))
    assert all(b.page is None for b in raw.blocks)


def test_docx_fixture_gives_the_gold_paragraphs() -> None:
    raw = read_article(DOCX)
    assert paragraphs(raw) == gold(DOCX)
    assert kinds(raw) == DOCX_KINDS
    assert (raw.format, raw.encoding) == ("docx", "utf-8")
    assert all(b.page is None for b in raw.blocks)


def test_fixtures_are_small() -> None:
    for path in (HTML, HTML_CP1256, DOCX):
        assert path.stat().st_size < 100_000


def test_html_boilerplate_does_not_come_through() -> None:
    page = HTML.read_text(encoding="utf-8")
    text = read_article(HTML).text
    for furniture in HTML_BOILERPLATE:
        assert furniture in page, f"fixture lost {furniture!r}: the check would prove nothing"
        assert furniture not in text, furniture


def test_docx_page_header_and_empty_paragraph_are_not_read() -> None:
    raw = read_article(DOCX)
    assert "نشرة داخلية" not in raw.text
    assert "\n\n\n" not in raw.text


# -- format by content, not by name ---------------------------------------------------------------------


@pytest.mark.parametrize(("fixture", "name", "fmt"), [
    (HTML, "page.txt", "html"),
    (HTML, "page", "html"),
    (HTML_CP1256, "page.text", "html"),
    (DOCX, "article.pdf", "docx"),
    (DOCX, "article.txt", "docx"),
    (DOCX, "article", "docx"),
])  # fmt: skip
def test_format_is_sniffed_from_content(tmp_path: Path, fixture: Path, name: str, fmt: str) -> None:
    path = tmp_path / name
    shutil.copyfile(fixture, path)
    assert sniff_format(path.read_bytes(), name) == fmt
    raw = read_article(path)
    assert raw.format == fmt
    assert paragraphs(raw) == gold(fixture)


def test_html_from_stdin() -> None:
    raw = read_article("-", stdin=io.BytesIO(HTML.read_bytes()))
    assert (raw.source, raw.format) == ("<stdin>", "html")
    assert paragraphs(raw) == gold(HTML)


# -- encodings of web pages -----------------------------------------------------------------------------


def cp1256_page(declaration: str) -> bytes:
    page = HTML_CP1256.read_bytes()
    meta = b'<meta charset="windows-1256">'
    assert meta in page
    return page.replace(meta, declaration.encode("ascii"))


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (cp1256_page('<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'), "cp1256"),
        (cp1256_page("<meta charset='WINDOWS-1256' />"), "cp1256"),
        (cp1256_page("<meta charset=cp1256>"), "cp1256"),
        (b'<?xml version="1.0" encoding="windows-1256"?>\n' + cp1256_page(""), "cp1256"),
        (cp1256_page(""), "cp1256"),  # undeclared and not UTF-8: an Arabic page is Windows-1256
        (cp1256_page("<meta charset=x-unknown-label>"), "cp1256"),  # an unknown label is no declaration
        (b"\xef\xbb\xbf" + HTML.read_bytes(), "utf-8-sig"),
        (HTML.read_bytes().replace(b'<meta charset="utf-8">', b""), "utf-8"),
        # Re-saved as UTF-8 with the old meta tag: valid non-ASCII UTF-8 wins over a legacy declaration.
        (HTML.read_bytes().replace(b'charset="utf-8"', b'charset="windows-1256"'), "utf-8"),
        # Declared UTF-8 but written in Windows-1256: mostly invalid UTF-8, so read as Windows-1256.
        (cp1256_page('<meta charset="utf-8">'), "cp1256"),
    ],
)
def test_page_encodings(tmp_path: Path, data: bytes, encoding: str) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(data)
    raw = read_article(path)
    assert raw.encoding == encoding
    assert paragraphs(raw) == gold(HTML)
    assert "\ufffd" not in raw.text


@pytest.mark.parametrize(
    ("head", "codec"),
    [
        (b'<meta charset="windows-1256">', "cp1256"),
        (b'<META HTTP-EQUIV="content-type" CONTENT="text/html;charset=Windows-1256">', "cp1256"),
        (b"<?xml version='1.0' encoding='ISO-8859-6'?><html>", "iso8859-6"),
        (b'<meta charset="arabic">', "iso8859-6"),
        (b'<meta charset="iso-8859-1">', "cp1252"),  # as browsers read it
        (b'<meta charset="utf-16">', "utf-8"),  # a page that declares itself in ASCII is not UTF-16
        (b'<meta charset="base64">', None),  # a codec, but not a text encoding
        (b'<meta charset="no-such-charset">', None),
        (b"<html><head><title>no declaration</title>", None),
    ],
)
def test_declared_charset(head: bytes, codec: str | None) -> None:
    from align.ingest.html import declared_charset

    assert declared_charset(b"<!DOCTYPE html>\n" + head if not head.startswith(b"<?xml") else head) == codec


def test_iso_8859_6_page_is_read_as_declared(tmp_path: Path) -> None:
    page = (
        '<html><head><meta charset="iso-8859-6"><title>خبر</title></head>'
        f"<body><article><h1>عنوان</h1><p>{ARTICLE}</p></article></body></html>"
    )
    path = tmp_path / "page.htm"
    path.write_bytes(page.encode("iso8859_6"))
    raw = read_article(path)
    assert raw.encoding == "iso8859-6"
    assert paragraphs(raw) == ["عنوان", ARTICLE]


def test_stray_bytes_in_a_utf8_page_become_replacement_characters(tmp_path: Path) -> None:
    heading = "<h2>نسبة المشاركة</h2>".encode()
    data = HTML.read_bytes().replace(heading, heading.replace(b" ", b" \xff"))
    path = tmp_path / "page.html"
    path.write_bytes(data)
    raw = read_article(path)
    assert raw.encoding == "utf-8"
    expected = gold(HTML)
    expected[6] = "نسبة \ufffdالمشاركة"
    assert paragraphs(raw) == expected


# -- structure of web pages -----------------------------------------------------------------------------


def test_html_lists_quotes_tables_and_line_breaks(tmp_path: Path) -> None:
    page = f"""<!DOCTYPE html><html lang="ar"><head><title>خبر | موقع</title></head><body>
    <nav><a href="/">الرئيسية</a> <a href="/a">سياسة</a></nav>
    <article><h1>عنوان الخبر</h1><p>{ARTICLE}</p><p>قال <b> الوزير </b>إن<!-- تعليق في الشفرة --> الحكومة</p>
    <ul><li>بند أول<ul><li>بند فرعي</li></ul></li><li>بند <b>ثان</b></li></ul>
    <blockquote><p>اقتباس من التصريح</p></blockquote>
    <p>سطر<br>سطر آخر</p>
    <table><tr><th>البند</th><th>النسبة</th></tr><tr><td>المشروبات</td><td>6.6%</td></tr></table>
    <h3>عنوان فرعي</h3><p>{ARTICLE}</p></article></body></html>"""
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    raw = read_article(path)
    assert list(zip(kinds(raw), paragraphs(raw), strict=True)) == [
        ("title", "عنوان الخبر"),
        ("body", ARTICLE),
        ("body", "قال الوزير إن الحكومة"),
        ("body", "بند أول"),
        ("body", "بند فرعي"),
        ("body", "بند ثان"),
        ("body", "اقتباس من التصريح"),
        ("body", "سطر سطر آخر"),
        ("body", "البند"),
        ("body", "النسبة"),
        ("body", "المشروبات"),
        ("body", "6.6%"),
        ("title", "عنوان فرعي"),
        ("body", ARTICLE),
    ]


def test_html_title_from_metadata_when_the_article_has_no_headline(tmp_path: Path) -> None:
    page = f"""<html><head><title>عنوان الصفحة</title><meta name="author" content="سامي الخطيب"></head>
    <body><article><p>{ARTICLE}</p><p>{ARTICLE[::-1]}</p></article></body></html>"""
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    raw = read_article(path)
    assert kinds(raw)[:3] == ["title", "byline", "body"]
    assert paragraphs(raw)[:2] == ["عنوان الصفحة", "سامي الخطيب"]


# -- errors ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "page",
    [
        """<!DOCTYPE html><html><head><title>موقع</title></head><body>
        <nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/a">سياسة</a></li>
        <li><a href="/b">اقتصاد</a></li></ul></nav>
        <footer><p>© 2018 جميع الحقوق محفوظة.</p></footer></body></html>""",
        """<html><head><title>موقع</title></head><body><div class="menu"><a href="/">الرئيسية</a>
        <a href="/a">سياسة</a> <a href="/b">اقتصاد</a></div><div class="links"><a href="/x">من نحن</a>
        <a href="/y">اتصل بنا</a></div></body></html>""",
        "<!DOCTYPE html><html><head><title>صفحة فارغة</title></head><body></body></html>",
        "<html><body><script>var a = 'نص داخل سكريبت طويل بما يكفي ليبدو مقالا';</script></body></html>",
    ],
)
def test_html_without_an_article(tmp_path: Path, page: str) -> None:
    path = tmp_path / "menu.html"
    path.write_text(page, encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_article(path)
    assert_one_line_error(info, path, "no article text found in this HTML page")


def rezip(data: bytes, *, drop: str = "", replace: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename != drop:
                dst.writestr(info, (replace or {}).get(info.filename, src.read(info)))
    return out.getvalue()


def corrupt_member(data: bytes, member: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(member)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    damaged = bytearray(data)
    for i in range(start + 10, start + 30):
        damaged[i] ^= 0x5A
    return bytes(damaged)


DOCX_BYTES = DOCX.read_bytes()
SPREADSHEET_TYPES = (
    zipfile.ZipFile(io.BytesIO(DOCX_BYTES))
    .read("[Content_Types].xml")
    .replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    )
)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (DOCX_BYTES[: len(DOCX_BYTES) // 2], "damaged or truncated zip archive"),
        (DOCX_BYTES[:-30], "damaged or truncated zip archive"),
        (rezip(DOCX_BYTES, drop="word/document.xml"), "word/document.xml is missing from the zip archive"),
        (
            rezip(DOCX_BYTES, drop="[Content_Types].xml"),
            "[Content_Types].xml is missing from the zip archive",
        ),
        (rezip(DOCX_BYTES, replace={"word/document.xml": b"<w:document><w:body>"}), "malformed XML"),
        (corrupt_member(DOCX_BYTES, "word/document.xml"), "damaged"),
        (
            rezip(DOCX_BYTES, replace={"[Content_Types].xml": SPREADSHEET_TYPES}),
            "not a .docx file (its main part is application/vnd.openxmlformats-officedocument.spreadsheetml",
        ),
        (b"not a zip at all", "damaged or truncated zip archive"),
    ],
)
def test_damaged_docx_gives_a_one_line_reason(data: bytes, message: str) -> None:
    from align.ingest.docx import read_docx

    with pytest.raises(InputError) as info:
        read_docx(data, "broken.docx")
    assert_one_line_error(info, "broken.docx", "not a readable Word document: ", message)


@pytest.mark.parametrize(
    "data", [DOCX_BYTES[: len(DOCX_BYTES) // 2], rezip(DOCX_BYTES, drop="word/document.xml")]
)
def test_damaged_docx_through_the_dispatcher(tmp_path: Path, data: bytes) -> None:
    # The dispatcher only calls the DOCX reader for a readable zip holding word/document.xml; anything else
    # is taken as text, which refuses binary data. Either way: one line, the path, exit code 2, no traceback.
    path = tmp_path / "broken.docx"
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        read_article(path)
    assert_one_line_error(info, path)


def test_docx_without_text_is_empty(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("")
    document.add_paragraph("   ")
    buffer = io.BytesIO()
    document.save(buffer)
    path = tmp_path / "empty.docx"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(InputError) as info:
        read_article(path)
    assert_one_line_error(info, path, "is empty")


# -- DOCX structure -------------------------------------------------------------------------------------


def test_docx_styles_tables_and_tracked_changes(tmp_path: Path) -> None:
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import parse_xml

    document = docx.Document()
    custom = document.styles.add_style("Story Head", WD_STYLE_TYPE.PARAGRAPH)
    custom.base_style = document.styles["Heading 1"]
    document.styles.add_style("Byline", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("عنوان رئيسي", style="Story Head")
    document.add_paragraph("سامي الخطيب", style="Byline")
    document.add_paragraph("عنوان ثانوي", style="Subtitle")
    lead = document.add_paragraph(ARTICLE)
    lead.add_run("\tبعد علامة جدولة")
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    tracked = document.add_paragraph("نص ")
    tracked._p.append(parse_xml(f'<w:ins {w} w:id="1" w:author="a"><w:r><w:t>مضاف</w:t></w:r></w:ins>'))
    deleted = "<w:r><w:delText>محذوف</w:delText></w:r>"
    tracked._p.append(parse_xml(f'<w:del {w} w:id="2" w:author="a">{deleted}</w:del>'))
    tracked._p.append(parse_xml(f'<w:r {w}><w:footnoteReference w:id="1"/></w:r>'))
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).paragraphs[0].add_run("خلية مدمجة")
    table.cell(0, 2).paragraphs[0].add_run("عنوان في جدول")
    table.cell(0, 2).paragraphs[0].style = document.styles["Heading 2"]
    table.cell(1, 0).paragraphs[0].add_run("أ")
    table.cell(1, 0).add_paragraph("ب")
    table.cell(1, 2).paragraphs[0].add_run("ج")
    document.add_paragraph("بقلم: ليس سطر كاتب لأنه ليس بعد العنوان مباشرة")
    buffer = io.BytesIO()
    document.save(buffer)
    path = tmp_path / "styles.docx"
    path.write_bytes(buffer.getvalue())

    raw = read_article(path)
    assert list(zip(kinds(raw), paragraphs(raw), strict=True)) == [
        ("title", "عنوان رئيسي"),
        ("byline", "سامي الخطيب"),
        ("title", "عنوان ثانوي"),
        ("body", ARTICLE + " بعد علامة جدولة"),
        ("body", "نص مضاف"),
        ("body", "خلية مدمجة"),
        ("body", "عنوان في جدول"),  # table cells are body, whatever their style
        ("body", "أ"),
        ("body", "ب"),
        ("body", "ج"),
        ("body", "بقلم: ليس سطر كاتب لأنه ليس بعد العنوان مباشرة"),
    ]


# -- end to end and import cost -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"), [(HTML, HTML_KINDS), (HTML_CP1256, HTML_KINDS), (DOCX, DOCX_KINDS)]
)
def test_load_document_keeps_the_reader_kinds(path: Path, expected: list[str]) -> None:
    from align.pipeline import load_document

    document = load_document(path)
    assert [p.kind for p in document.paragraphs] == expected
    assert document.meta.format == read_article(path).format
    assert [p.source for p in document.paragraphs] == gold(path)


def test_import_align_does_not_load_the_format_libraries() -> None:
    code = (
        "import sys, align, align.ingest, align.ingest.html, align.ingest.docx;"
        "print(sorted(m for m in ('trafilatura', 'docx', 'lxml') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
