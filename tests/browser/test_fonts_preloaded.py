"""Each page preloads exactly the KaTeX fonts its formulas make the browser load (found at build
time by sitebuild/mathcheck/fonts.py, put in the head by overrides/main.html): none missing, which
would leave formulas invisible longer and, for a font that arrives after the first paint, move
them (tests/browser/test_slow_phone.py), none unused, which costs bytes and a console warning.
A phone shows a derivation's narrow layout and a desktop its wide one, so the two visits together
load what the page preloads. Read on each page's visits at 375 and 1280 px (visits.py)."""

VIEWS = ("phone-light", "desktop-light")


def test_the_preloaded_fonts_are_the_fonts_the_page_uses(page_path, visits):
    loads = {view: visits(page_path, view) for view in VIEWS}
    preloads = loads["desktop-light"].preloads
    assert loads["phone-light"].preloads == preloads
    for view, loaded in loads.items():
        assert set(loaded.fonts_loaded) <= {p["file"] for p in preloads}, view
        assert loaded.watch.failed == [], view
    used = set().union(*(loaded.fonts_loaded for loaded in loads.values()))
    assert sorted(p["file"] for p in preloads) == sorted(used)
    # A font preload without crossorigin is fetched twice (fonts are CORS requests).
    assert all(p["crossorigin"] and p["type"] == "font/woff2" for p in preloads)
