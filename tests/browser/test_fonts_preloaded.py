"""Each page preloads exactly the KaTeX text fonts its formulas make the browser load (found at build
time by sitebuild/mathcheck/fonts.py, put in the head by overrides/main.html): none missing, which
would leave the formulas' letters invisible longer, none unused, which costs bytes and a console
warning. The page's other KaTeX fonts load when the layout asks for them (tests/browser/test_slow_phone.py:
nothing shifts when they do). Read on each page's visits at 375 and 1280 px (visits.py)."""

import pytest
from sitebuild.mathcheck.fonts import TEXT_FONTS


@pytest.mark.parametrize("view", ["phone-light", "desktop-light"], ids=["375px", "1280px"])
def test_the_preloaded_fonts_are_the_text_fonts_the_page_uses(page_path, visits, view):
    loaded = visits(page_path, view)
    preloads = loaded.preloads
    assert sorted(p["file"] for p in preloads) == sorted(set(loaded.fonts_loaded) & set(TEXT_FONTS))
    # A font preload without crossorigin is fetched twice (fonts are CORS requests).
    assert all(p["crossorigin"] and p["type"] == "font/woff2" for p in preloads)
    assert loaded.watch.failed == []
