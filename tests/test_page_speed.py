"""What makes a page slow to show, checked on the built HTML (the scores themselves are a
benchmark: scripts/bench/lighthouse.py): no script that stops the parser, few stylesheets that
hold the first paint, and font preloads that point to fonts the site publishes."""

from conftest import SITE

MOST_BLOCKING_STYLESHEETS = 4  # Material's two, KaTeX's, the site's


def test_no_script_blocks_the_parser(pages):
    for path, soup in pages.items():
        blocking = [s["src"] for s in soup.select("script[src]") if not s.has_attr("defer") and not s.has_attr("async")]
        assert blocking == [], path


def test_few_stylesheets_hold_the_first_paint(pages):
    for path, soup in pages.items():
        sheets = [link["href"] for link in soup.select('link[rel="stylesheet"]') if link.get("media", "all") in
                  ("all", "screen")]
        assert len(sheets) <= MOST_BLOCKING_STYLESHEETS, (path, sheets)


def test_font_preloads_point_to_published_fonts(pages):
    for path, soup in pages.items():
        links = soup.select('link[rel="preload"][as="font"]')
        assert bool(links) == bool(soup.select(".katex")), path  # a page with math preloads its fonts
        for link in links:
            target = (SITE / path).parent / link["href"]
            assert target.resolve().is_file() and target.suffix == ".woff2", (path, link["href"])
