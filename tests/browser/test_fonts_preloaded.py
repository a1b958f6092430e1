"""Each page preloads exactly the KaTeX text fonts its formulas make the browser load (found at build
time by sitebuild/mathcheck/fonts.py, put in the head by overrides/main.html): none missing, which
would leave the formulas' letters invisible longer, none unused, which costs bytes and a console
warning. The page's other KaTeX fonts load when the layout asks for them (tests/browser/test_slow_phone.py:
nothing shifts when they do)."""

import pytest
from pageread import DESKTOP, MOBILE, read_page
from sitebuild.mathcheck.fonts import TEXT_FONTS

# What the browser loaded, as KaTeX's file names: KaTeX_Size1 400 normal -> KaTeX_Size1-Regular.woff2.
LOADED = """() => [...document.fonts].filter(f => f.status === 'loaded' && f.family.includes('KaTeX'))
  .map(f => f.family.replace(/"/g, '') + '-' + ({'400 normal': 'Regular', '400 italic': 'Italic',
    '700 normal': 'Bold', '700 italic': 'BoldItalic'})[f.weight + ' ' + f.style] + '.woff2')"""
PRELOADS = """() => [...document.head.querySelectorAll('link[rel=preload][as=font]')].map(l =>
  ({file: l.href.split('/').pop(), crossorigin: l.hasAttribute('crossorigin'), type: l.type}))"""


@pytest.mark.parametrize("viewport", [MOBILE, DESKTOP], ids=["375px", "1280px"])
def test_the_preloaded_fonts_are_the_text_fonts_the_page_uses(page_path, server, new_page, viewport):
    page, watch = new_page(viewport=viewport)
    page.goto(server.url + page_path, wait_until="networkidle")
    read_page(page)  # bounded wait for fonts
    preloads = page.evaluate(PRELOADS)
    assert sorted(p["file"] for p in preloads) == sorted(set(page.evaluate(LOADED)) & set(TEXT_FONTS))
    # A font preload without crossorigin is fetched twice (fonts are CORS requests).
    assert all(p["crossorigin"] and p["type"] == "font/woff2" for p in preloads)
    assert watch.failed == []
    page.context.close()
