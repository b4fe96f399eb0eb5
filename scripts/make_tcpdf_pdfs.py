"""Write Arabic news PDFs with TCPDF (PHP; its own bidi and Arabic shaping, what many web sites' "download as
PDF" buttons use), from NTREX-128 articles: a measurement of another producer, two of whose pages are kept
as test fixtures (PHP is not installed in CI; the fixtures are committed).

    apt-get install php-cli php-tcpdf php-mbstring
    python scripts/make_tcpdf_pdfs.py OUT_DIR && python scripts/evaluate_pdf.py OUT_DIR

    python scripts/make_tcpdf_pdfs.py tests/fixtures/pdf --fixtures   # the two test fixtures
    python scripts/make_tcpdf_pdfs.py DIR --multicell   # plain MultiCell paragraphs, no header or quote
    python scripts/make_tcpdf_pdfs.py tests/fixtures/pdf/other --fixtures --multicell

Writes ``news-tcpdf-N.pdf`` and ``news-tcpdf-N.gold.txt`` (headline, then the body paragraphs) per article:
justified right-to-left paragraphs set by ``writeHTML``, some with Arabic-Indic digits, a pull-quote between
rules, TCPDF's page header (site name and date) and footer (page x/y), every second article in two columns
(``setEqualColumns``); the fonts are the Arabic ones TCPDF ships and DejaVu Sans.
"""

from __future__ import annotations

import html
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from make_chromium_fixtures import Fixture, article, write_gold

TCPDF = "/usr/share/php/tcpdf/tcpdf.php"
FONTS = ("aealarabiya", "dejavusans", "aefurat", "dejavusanscondensed", "dejavuserif")
ARTICLES = (24, 78, 45, 10, 60)

SCRIPT = r"""<?php
require_once('%(tcpdf)s');
$job = json_decode(file_get_contents($argv[1]), true);
$pdf = new TCPDF('P', 'mm', 'A4', true, 'UTF-8', false);
$pdf->setRTL(true);
$pdf->SetCreator('TCPDF');
$pdf->setPrintHeader(!$job['multicell']);
$pdf->setHeaderFont(array($job['font'], '', 9));
$pdf->setFooterFont(array($job['font'], '', 8));
$pdf->SetHeaderData('', 0, $job['site'], $job['date']);
$pdf->SetMargins(18, 25, 18);
$pdf->SetHeaderMargin(8);
$pdf->SetFooterMargin(12);
$pdf->SetAutoPageBreak(true, 20);
$pdf->SetFont($job['font'], '', 12);
$pdf->AddPage();
if ($job['multicell']) {
	// Plain text cells, as reports and invoices are set: MultiCell, justified, a gap between paragraphs.
	$pdf->SetFont($job['font'], '', 18);
	$pdf->MultiCell(0, 0, $job['plain_title'], 0, 'R', false, 1);
	$pdf->Ln(4);
	$pdf->SetFont($job['font'], '', 12);
	foreach ($job['paragraphs'] as $p) { $pdf->MultiCell(0, 0, $p, 0, 'J', false, 1); $pdf->Ln(3); }
} else {
	$pdf->SetFont($job['font'], 'B', 20);
	$pdf->writeHTML('<h1 dir="rtl">' . $job['title'] . '</h1>', true, false, true, false, 'R');
	$pdf->SetFont($job['font'], '', 12);
	if ($job['columns'] > 1) { $pdf->setEqualColumns($job['columns'], 82); }
	$pdf->writeHTML($job['body'], true, false, true, false, 'J');
}
$pdf->Output($argv[2], 'F');
"""


def body(paragraphs: list[str], quote: str, after: int) -> str:
    parts = []
    for index, text in enumerate(paragraphs):
        parts.append(f'<p dir="rtl" align="justify">{html.escape(text)}</p>')
        if index == after:
            parts.append(
                '<hr/><p dir="rtl" align="center" style="font-size:15pt;font-weight:bold">'
                f"«{html.escape(quote)}»</p><hr/>"
            )
    return "".join(parts)


# The two kept as test fixtures (``--fixtures``): the first article in one column, the fourth in two.
FIXTURES = {0: "news-tcpdf-1col", 3: "news-tcpdf-2col"}
MULTICELL_FIXTURES = {1: "tcpdf-multicell"}  # goes to other/: no pull-quote, no running head


def main(argv: list[str]) -> int:
    fixtures = "--fixtures" in argv
    multicell = "--multicell" in argv
    argv = [a for a in argv if a not in ("--fixtures", "--multicell")]
    out = (Path(argv[0]) if argv else Path("tcpdf-pdfs")).resolve()  # TCPDF writes to absolute paths only
    out.mkdir(parents=True, exist_ok=True)
    script = out / "render.php"
    script.write_text(SCRIPT % {"tcpdf": TCPDF}, encoding="utf-8")
    for index, (document, font) in enumerate(zip(ARTICLES, FONTS, strict=True)):
        kept = MULTICELL_FIXTURES if multicell else FIXTURES
        if fixtures and index not in kept:
            continue
        name = kept[index] if fixtures else f"news-tcpdf-{'mc' if multicell else ''}{index + 1}"
        fixture = Fixture(name, document, 1, font, "12pt", "20pt", False, frozenset({1}))
        title, paragraphs, quote = article(fixture)
        job = {
            "font": font,
            "columns": 2 if index % 2 else 1,
            "site": "موقع الأخبار العربية",
            "date": "الأحد ٣٠ سبتمبر ٢٠١٨",
            "title": html.escape(title),
            "body": body(paragraphs, quote, 2),
            "multicell": multicell,
            "plain_title": title,
            "paragraphs": paragraphs,
        }
        spec = out / f"{fixture.name}.json"
        spec.write_text(json.dumps(job, ensure_ascii=False), encoding="utf-8")
        pdf = out / f"{fixture.name}.pdf"
        subprocess.run(["php", str(script), str(spec), str(pdf)], check=True)
        if not pdf.exists():
            raise SystemExit(f"make_tcpdf_pdfs: TCPDF wrote no {pdf}")
        spec.unlink()
        write_gold(out, fixture.name, title, paragraphs)
    script.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
