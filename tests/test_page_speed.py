"""What makes a page slow to show, checked on the built HTML (the scores themselves are a
benchmark: scripts/bench/lighthouse.py): no script that stops the parser, few stylesheets that
hold the first paint, font preloads that point to fonts the site publishes, and fonts cut down
to the characters the formulas show."""

import re
from pathlib import Path

import pytest
from conftest import ROOT, SITE
from site_pages import with_class
from stylesheets import installed_and_built, style_rules

MOST_BLOCKING_STYLESHEETS = 4  # Material's two, KaTeX's, the site's
KATEX_FONTS = ROOT / "node_modules" / "katex" / "dist" / "fonts"


def test_no_script_blocks_the_parser(pages):
    for path, soup in pages.items():
        blocking = [s["src"] for s in soup.find_all("script", src=True)
                    if not s.has_attr("defer") and not s.has_attr("async")]
        assert blocking == [], path


def test_few_stylesheets_hold_the_first_paint(pages):
    for path, soup in pages.items():
        sheets = [link["href"] for link in soup.find_all("link", rel="stylesheet") if link.get("media", "all") in
                  ("all", "screen")]
        assert len(sheets) <= MOST_BLOCKING_STYLESHEETS, (path, sheets)


def test_font_preloads_point_to_published_fonts(pages):
    for path, soup in pages.items():
        links = soup.find_all("link", rel="preload", attrs={"as": "font"})
        assert bool(links) == (soup.find(class_="katex") is not None), path  # a page with math preloads its fonts
        for link in links:
            target = (SITE / path).parent / link["href"]
            assert target.resolve().is_file() and target.suffix == ".woff2", (path, link["href"])


def test_the_fonts_keep_every_character_the_formulas_show(site, pages):
    """The build cuts KaTeX's fonts down to the site's formulas (sitebuild/mathcheck/fonts.py).
    The oracle is the text the browser draws, each .katex-html box's, read here with bs4."""
    from fontTools.ttLib import TTFont

    shown = {ord(c) for soup in pages.values() for box in with_class(soup, "katex-html") for c in box.get_text()}
    preloaded = {link["href"].rsplit("/", 1)[-1] for soup in pages.values()
                 for link in soup.find_all("link", rel="preload", attrs={"as": "font"})}
    cmaps = {font.name: (set(TTFont(KATEX_FONTS / font.name).getBestCmap()), set(TTFont(font).getBestCmap()))
             for font in (site / "assets" / "katex" / "fonts").glob("*.woff2")}
    cut_down = {name for name, (original, published) in cmaps.items() if published != original}
    # Every font a page uses is preloaded (sitebuild/mathcheck/fonts.py), and every one is cut down.
    assert preloaded and preloaded == cut_down, (preloaded, cut_down)
    for name in cut_down:
        original, cut = cmaps[name]
        assert shown & original <= cut, (name, sorted(chr(c) for c in (shown & original) - cut))
        assert len(cut) < len(original), name


def test_the_palette_stylesheet_is_materials_less_the_rule_that_restyles_every_page_on_load(site, pages):
    """sitebuild/theme_patches.py. The oracle is the theme as installed: the built copy must be it
    byte for byte, less the one rule under [data-md-color-switching], and every page links it."""
    name, original, built = installed_and_built("stylesheets", "palette.*.min.css")
    start = original.index("[data-md-color-switching]")
    end = original.index("}", start) + 1
    assert original.count("[data-md-color-switching]") == 3 and "[data-md-color-switching]" not in original[end:]
    assert built == original[:start] + original[end:]
    for path, soup in pages.items():
        links = soup.find_all("link", href=re.compile(r"/palette\."))
        assert [link["href"].rsplit("/", 1)[-1] for link in links] == [name], path


def test_the_bundle_is_materials_with_two_edits(site, pages):
    """sitebuild/theme_patches.py. The oracle is the theme as installed. Its bundle appends a
    <meta name="color-scheme"> to the head once (Chromium restyles every element when it does), and
    starts its work on DOMContentLoaded only (the site loads it after the first paint, which may be
    later). The built copy is it byte for byte with the append taken out and the wait made to apply
    only while the document is still loading; every page loads it, after the first paint."""
    name, original, built = installed_and_built("javascripts", "bundle.*.min.js")
    appends = list(re.finditer(r'x\("meta",\{name:"color-scheme"\}\);(document\.head\.appendChild\(o\);)', original))
    waits = list(re.finditer(r'return (h\(document,"DOMContentLoaded",\{once:!0\}\)'
                             r'\.subscribe\(\(\)=>(e)\.next\(document\)\)),e\}', original))
    assert len(appends) == 1 and len(waits) == 1 and appends[0].start() > waits[0].end()
    wait, subject = waits[0].group(1), waits[0].group(2)
    expected = (original[:waits[0].start(1)] + f'document.readyState=="loading"?{wait}:{subject}.next(document)'
                + original[waits[0].end(1):appends[0].start(1)] + original[appends[0].end(1):])
    assert built == expected
    for path, soup in pages.items():
        assert soup.find_all("script", src=re.compile(r"/bundle\.")) == [], path
        later = soup.find_all("script", type="text/x-after-first-paint", attrs={"data-src": re.compile(r"/bundle\.")})
        assert [s["data-src"].rsplit("/", 1)[-1] for s in later] == [name], path


@pytest.mark.parametrize("name, bundle", [("palette.0000.min.css", "let o=1;"),
                                          ("bundle.0000.min.js", "let o=1;"),  # no meta append
                                          ("bundle.0000.min.js", "APPEND")])  # the append, no DOMContentLoaded wait
def test_a_theme_without_what_the_build_patches_fails_the_build_with_a_message(tmp_path, name, bundle):
    from sitebuild import theme_patches
    from sitebuild.errors import BuildError

    for folder in ("stylesheets", "javascripts"):
        (tmp_path / "assets" / folder).mkdir(parents=True)
    palette = theme_patches.SWITCHING_RULE if name.startswith("bundle") else "body{color:red}"
    (tmp_path / "assets" / "stylesheets" / "palette.0000.min.css").write_text(palette)
    (tmp_path / "assets" / "javascripts" / "bundle.0000.min.js").write_text(
        bundle.replace("APPEND", theme_patches.METATAG_APPEND))
    site = tmp_path / "site"
    with pytest.raises(BuildError, match=re.escape(name) + r" no longer holds .*theme_patches\.py"):
        theme_patches.patch_theme([tmp_path], site)
    assert not site.exists()  # nothing written: no half-patched theme


def test_every_page_links_the_sites_favicon_smaller_than_the_themes(site, pages):
    """Every page fetches its icon: the site's SVG, published, and smaller than the PNG Material
    would have linked (the installed theme's assets/images/favicon.png is the oracle)."""
    import material

    theme_png = Path(material.__file__).parent / "templates" / "assets" / "images" / "favicon.png"
    icon = site / "images" / "favicon.svg"
    assert icon.stat().st_size < theme_png.stat().st_size
    for path, soup in pages.items():
        (link,) = soup.find_all("link", rel="icon")
        href = link["href"]  # relative, except on 404.html (under the site's path)
        target = site / href.split("/", 2)[2] if href.startswith("/") else (site / path).parent / href
        assert target.resolve() == icon.resolve(), path


def rules_by_declarations(css):
    """{(at-rule context, declarations but custom properties): (selectors, custom property
    declarations)}, rules with the same key merged."""
    found = {}
    for context, selectors, declarations in style_rules(css):
        key = (context, tuple(d for d in declarations if not d[0].startswith("--")))
        kept_selectors, custom = found.setdefault(key, (set(), set()))
        kept_selectors.update(selectors)
        custom.update(d for d in declarations if d[0].startswith("--"))
    return found


def test_the_main_stylesheet_is_materials_with_rules_taken_out_and_none_changed(site, pages):
    """sitebuild/unused_css.py. The oracle is the theme as installed: every rule of the built copy is
    one of its rules, in the same @media, with some of its selectors and the same declarations
    (custom properties may be left out); the copy is smaller, and every page links it. (That
    nothing removed applies to any page is checked in the browser: tests/browser/test_unused_css.py.)"""
    name, installed, built = installed_and_built("stylesheets", "main.*.min.css")
    original = rules_by_declarations(installed)
    changed = {key: (selectors - original[key][0], custom - original[key][1]) if key in original else "new"
               for key, (selectors, custom) in rules_by_declarations(built).items()}
    assert {key: change for key, change in changed.items() if change != (set(), set())} == {}
    assert len(built) < len(installed)
    for path, soup in pages.items():
        links = soup.find_all("link", href=re.compile(r"/main\."))
        assert [link["href"].rsplit("/", 1)[-1] for link in links] == [name], path


def trim_on(tmp_path, stylesheet, page, script=""):
    """unused_css.trim over a one-page site and a theme with one stylesheet: the built stylesheet."""
    from sitebuild import unused_css

    theme = tmp_path / "theme" / "assets" / "stylesheets"
    theme.mkdir(parents=True)
    (theme / "main.0000.min.css").write_text(stylesheet)
    site = tmp_path / "site"
    (site / "assets" / "javascripts").mkdir(parents=True)
    (site / "index.html").write_text(page)
    (site / "assets" / "javascripts" / "bundle.js").write_text(script)
    unused_css.trim([tmp_path / "theme"], site)
    return (site / "assets" / "stylesheets" / "main.0000.min.css").read_text()


def test_the_cut_keeps_what_the_pages_and_scripts_use_and_follows_them(tmp_path):
    """A construct a page starts using gets its rules back at the next build; names in scripts,
    attribute values in pages and names that a script puts together (`tabbed-control--${side}`)
    count as used."""
    stylesheet = (".md-typeset blockquote{color:red}.md-typeset kbd{color:blue}"
                  '[data-md-color-scheme=default] img[src$="#only-dark"]{display:none}'
                  ".tabbed-control--next{top:0}.md-search-result__item{margin:0}.md-banner{color:green}")
    page = ('<body data-md-color-scheme="default"><div class="md-typeset"><blockquote>Quote</blockquote>'
            '<img src="a.svg#only-dark"></div></body>')
    script = 'const side = "next"; x("li", {class: "md-search-result__item"}, `tabbed-control--${side}`)'
    kept = trim_on(tmp_path / "one", stylesheet, page, script)
    assert "blockquote" in kept and "#only-dark" in kept and ".tabbed-control--next" in kept
    assert ".md-search-result__item" in kept
    assert "kbd" not in kept and "md-banner" not in kept
    with_kbd = trim_on(tmp_path / "two", stylesheet, page.replace("Quote", "<kbd>Ctrl</kbd>"), script)
    assert "kbd" in with_kbd and "md-banner" not in with_kbd


def test_a_stylesheet_purgecss_cannot_read_fails_the_build_with_a_message(tmp_path):
    from sitebuild.errors import BuildError

    with pytest.raises(BuildError, match=r"PurgeCSS failed on main\.0000\.min\.css: .*:1:1: Unclosed block") as failure:
        trim_on(tmp_path, ".md-typeset blockquote{color:red", "<p>page</p>")
    assert not re.search(r"^\s+at ", str(failure.value), re.M)  # the reason and place, no stack frame
