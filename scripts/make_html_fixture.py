"""Write the saved-web-page fixtures of tests/fixtures/html/ from NTREX-128 sentences.

The article is NTREX-128 document ``reuters.218932`` (Arabic side), grouped into paragraphs; everything around
it (site name, menus, sidebar, comments, cookie banner, footer, the byline name and the subheading) is
invented page furniture that a reader must drop or keep as the tests say. Writes, in ``--out``:

    article.html          UTF-8, <meta charset="utf-8">
    article-cp1256.html   the same page in Windows-1256, <meta charset="windows-1256">
    article.gold.txt      the paragraphs the HTML reader must return (one per line, a blank line between)

    python scripts/make_html_fixture.py [--data DIR] [--out tests/fixtures/html]
"""

from __future__ import annotations

import argparse
import html
import sys
from pathlib import Path

from align.datasets import data_dir, documents_by_id

DOC_ID = "reuters.218932"
ROOT = Path(__file__).resolve().parent.parent
SUBHEADING = "نسبة المشاركة"  # "Turnout" (invented; the source article has no subheadings)
AUTHOR = "سامي الخطيب"  # invented
BYLINE = f"بقلم: {AUTHOR}"
# Sentence numbers (0-based, within the document) of each paragraph; 0 is the headline.
PARAGRAPHS_BEFORE: tuple[tuple[int, ...], ...] = ((1,), (2, 3), (4, 5), (6, 7))
PARAGRAPHS_AFTER: tuple[tuple[int, ...], ...] = ((8, 9, 10), (11, 12), (18, 19), (21, 22, 23))

TEMPLATE = """<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="{charset}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} | أخبار الصباح</title>
<meta name="description" content="{description}">
<meta name="author" content="{author}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="أخبار الصباح">
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="2018-09-30T14:05:00+03:00">
<link rel="canonical" href="https://akhbar-alsabah.example/world/2018/09/30/macedonia-referendum">
<link rel="stylesheet" href="/static/css/main.css">
<script>
  window.dataLayer = window.dataLayer || [];
  function gtag(){{dataLayer.push(arguments);}}
  gtag('config', 'UA-000000-1', {{'page_title': 'سكريبت التتبع لا يظهر في النص'}});
</script>
</head>
<body class="article-page">
<div id="cookie-banner" class="cookie-consent" role="dialog">
  <p>نستخدم ملفات تعريف الارتباط (الكوكيز) لتحسين تجربتك على موقعنا. بمتابعة التصفح فإنك توافق على سياسة
  الخصوصية الخاصة بنا.</p>
  <button type="button" class="accept">موافق</button> <a href="/privacy">سياسة الخصوصية</a>
</div>
<header class="site-header">
  <a class="logo" href="/"><img src="/static/img/logo.svg" alt="أخبار الصباح"></a>
  <nav class="main-menu" aria-label="القائمة الرئيسية">
    <ul>
      <li><a href="/">الرئيسية</a></li>
      <li><a href="/politics">سياسة</a></li>
      <li><a href="/economy">اقتصاد</a></li>
      <li><a href="/world">العالم</a></li>
      <li><a href="/sports">رياضة</a></li>
      <li><a href="/culture">ثقافة وفنون</a></li>
    </ul>
  </nav>
  <form class="search" action="/search"><input type="search" name="q" placeholder="ابحث في الموقع"></form>
</header>
<nav class="breadcrumbs"><a href="/">الرئيسية</a> &rsaquo; <a href="/world">العالم</a> &rsaquo; أوروبا</nav>
<div class="layout">
<main id="content">
<article class="story">
  <h1 class="story-title">{title}</h1>
  <div class="story-meta">
    <span class="byline author">{byline}</span>
    <time datetime="2018-09-30T14:05:00+03:00">30 سبتمبر 2018</time>
  </div>
  <div class="share-bar"><a href="#">فيسبوك</a> <a href="#">تويتر</a> <a href="#">واتساب</a></div>
  <div class="story-body">
{body}
  </div>
  <div class="tags">الوسوم: <a href="/tag/macedonia">مقدونيا</a> <a href="/tag/greece">اليونان</a></div>
</article>
<section class="comments" id="comments">
  <h3>التعليقات (2)</h3>
  <div class="comment"><span class="comment-author">قارئ من عمّان</span>
    <p>تعليق القارئ: خطوة تاريخية نحو أوروبا، أتمنى أن تنجح.</p></div>
  <div class="comment"><span class="comment-author">أبو أحمد</span>
    <p>تعليق القارئ: لا أظن أن الاستفتاء سيغير شيئا.</p></div>
  <form class="comment-form"><textarea placeholder="أضف تعليقك"></textarea><button>إرسال</button></form>
</section>
</main>
<aside class="sidebar">
  <section class="related">
    <h3>اقرأ أيضا</h3>
    <ul>
      <li><a href="/world/2018/09/29/greece-protests">احتجاجات في أثينا على اتفاق الاسم مع سكوبيه</a></li>
      <li><a href="/world/2018/09/28/nato-balkans">الناتو يفتح الباب أمام دول البلقان</a></li>
      <li><a href="/economy/2018/09/27/eu-budget">الاتحاد الأوروبي يناقش موازنة العام المقبل</a></li>
    </ul>
  </section>
  <section class="most-read">
    <h3>الأكثر قراءة</h3>
    <ol>
      <li><a href="/sports/2018/09/30/derby">ديربي العاصمة ينتهي بالتعادل</a></li>
      <li><a href="/culture/2018/09/30/festival">انطلاق مهرجان الفيلم العربي</a></li>
    </ol>
  </section>
  <div class="newsletter">اشترك في النشرة البريدية اليومية</div>
</aside>
</div>
<footer class="site-footer">
  <ul class="footer-links">
    <li><a href="/about">من نحن</a></li><li><a href="/contact">اتصل بنا</a></li>
    <li><a href="/terms">شروط الاستخدام</a></li>
  </ul>
  <p>© 2018 أخبار الصباح. جميع الحقوق محفوظة.</p>
</footer>
<script src="/static/js/app.js"></script>
<script>document.getElementById('cookie-banner').hidden = localStorage.getItem('consent') === '1';</script>
</body>
</html>
"""


def ntrex_document(root: Path, doc_id: str) -> list[str]:
    sentences = documents_by_id("ntrex128", root).get(doc_id)
    if not sentences:
        raise SystemExit(f"make_html_fixture: document {doc_id} not found in NTREX-128 under {root}")
    return sentences


def build(sentences: list[str], charset: str) -> tuple[str, list[str]]:
    """The page and its gold paragraphs."""

    def paragraph(numbers: tuple[int, ...]) -> str:
        return " ".join(sentences[n] for n in numbers)

    before = [paragraph(p) for p in PARAGRAPHS_BEFORE]
    after = [paragraph(p) for p in PARAGRAPHS_AFTER]
    body = "\n".join(
        [*(f"    <p>{html.escape(p, quote=False)}</p>" for p in before)]
        + [f"    <h2>{html.escape(SUBHEADING, quote=False)}</h2>"]
        + [f"    <p>{html.escape(p, quote=False)}</p>" for p in after]
    )
    title = sentences[0]
    page = TEMPLATE.format(
        charset=charset,
        title=html.escape(title),
        description=html.escape(sentences[1][:150]),
        author=html.escape(AUTHOR),
        byline=html.escape(BYLINE, quote=False),
        body=body,
    )
    gold = [title, BYLINE, *before, SUBHEADING, *after]
    return page, gold


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data", type=Path, default=None, help="test-data directory (default: the shipped test sets)"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "tests" / "fixtures" / "html")
    args = parser.parse_args(argv)
    sentences = ntrex_document(args.data or data_dir(), DOC_ID)
    args.out.mkdir(parents=True, exist_ok=True)
    page, gold = build(sentences, "utf-8")
    (args.out / "article.html").write_bytes(page.encode("utf-8"))
    legacy, _ = build(sentences, "windows-1256")
    (args.out / "article-cp1256.html").write_bytes(legacy.encode("cp1256"))  # strict: fails on a lossy char
    (args.out / "article.gold.txt").write_text("\n\n".join(gold) + "\n", encoding="utf-8")
    for name in ("article.html", "article-cp1256.html", "article.gold.txt"):
        print(f"{args.out / name}: {(args.out / name).stat().st_size} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
