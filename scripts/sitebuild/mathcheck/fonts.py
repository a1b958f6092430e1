"""The KaTeX fonts a page uses, found at build time, so the page can preload them.

KaTeX's stylesheet says which class sets which font (`.katex .mathnormal` is KaTeX_Math italic,
`.katex .delimsizing.size1` is KaTeX_Size1, ...) and which file holds each font (@font-face).
A font is used when the page has an element with the classes of one of its selectors (of the
last part that names classes: `.katex .delimsizing.size1` needs an element of class delimsizing
and size1; KaTeX puts the glyphs in those very elements, and everything is inside .katex). The
fonts load only once the stylesheet is parsed and the page laid out; a preload link fetches
them together with the stylesheets (overrides/main.html), and the formulas appear sooner.
Every font a page uses is preloaded, not only the text fonts: a big delimiter's or sum's font that
loads after the first paint widens its formula, and a centred formula then moves what the reader
sees (tests/browser/test_slow_phone.py found it on a busy machine: the softmax's sum, the GELU's
parentheses). It costs the page with the most fonts (derivative, six) some first paint: Lighthouse's
LCP +64 ms over HTTP/2, as GitHub Pages serves, +155 ms over HTTP/1.1 (scripts/bench/lighthouse.py).
The build then cuts each font a page uses down to the characters of the site's formulas (subset(),
called by the hooks after the build): a fifth of the bytes.
"""

import hashlib
import html
import re
from functools import lru_cache
from pathlib import Path

from sitebuild import CACHE, ROOT
from sitebuild.errors import BuildError

STYLESHEET = ROOT / "node_modules" / "katex" / "dist" / "katex.min.css"
RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
FAMILY = re.compile(r"font(?:-family)?\s*:[^;]*?\b(KaTeX_\w+)")
WOFF2 = re.compile(r"url\(fonts/([\w-]+\.woff2)\)")
CLASSES = re.compile(r'class="([^"]*)"')
TAG = re.compile(r"<[^>]*>")
SPAN = re.compile(r"<span\b|</span>")
ANNOTATION = re.compile(r"<annotation\b.*?</annotation>", re.S)
SUBSETS = CACHE / "fonts"


def _value(declarations, name, default):
    found = re.search(rf"(?:^|;)\s*{name}\s*:\s*([^;]+)", declarations)
    return found.group(1).strip() if found else default


@lru_cache(maxsize=None)
def rules(css):
    """[(selector, font file)] for every rule of KaTeX's stylesheet that sets a KaTeX font."""
    faces, out = {}, []
    for selector, declarations in RULE.findall(css):
        family = FAMILY.search(declarations)
        if not family:
            continue
        face = (family.group(1), _value(declarations, "font-style", "normal"),
                _value(declarations, "font-weight", "400").replace("bold", "700").replace("normal", "400"))
        if selector.strip() == "@font-face":
            faces[face] = WOFF2.search(declarations).group(1)
        else:
            out += [(part.strip(), face) for part in selector.split(",")]
    return [(selector, faces[face]) for selector, face in out if face in faces]


def used(page_html, css=None):
    """The woff2 files (names in KaTeX's fonts/ folder) that the page's formulas use, sorted."""
    if 'class="katex' not in page_html:
        return []
    present = {frozenset(value.split()) for value in CLASSES.findall(page_html)}
    found = set()
    for selector, font in rules(css or STYLESHEET.read_text()):
        wanted = _last_classes(selector)
        if font not in found and any(wanted <= classes for classes in present):
            found.add(font)
    return sorted(found)


def _last_classes(selector):
    compounds = [set(re.findall(r"\.([\w-]+)", part)) for part in re.split(r"[\s>+~]+", selector)]
    return frozenset(next(c for c in reversed(compounds) if c))


def characters(page_html):
    """The characters of a page's formulas: the text of each KaTeX box, without the TeX source
    it keeps for screen readers."""
    found = set()
    for start in re.finditer(r'<span class="katex">', page_html):
        depth = 0
        for tag in SPAN.finditer(page_html, start.start()):
            depth += 1 if tag.group() == "<span" else -1
            if depth == 0:
                formula = ANNOTATION.sub("", page_html[start.start():tag.end()])
                found |= set(html.unescape(TAG.sub("", formula)))
                break
    return found


def subset(font_path, chars):
    """Cut a published KaTeX font down to the given characters, in place (woff2). KaTeX's fonts
    hold hundreds of glyphs and the site's formulas a few dozen: KaTeX_Main-Regular goes from
    26 KB to about 7. Cached by the font, the characters and this code, so a rebuild costs
    nothing."""
    data = font_path.read_bytes()
    key = hashlib.sha256(data + "".join(sorted(chars)).encode() + Path(__file__).read_bytes()).hexdigest()[:32]
    cached = SUBSETS / f"{key}.woff2"
    if not cached.exists():
        from fontTools import subset as fonttools_subset  # only when fonts change
        try:
            import brotli  # noqa: F401  (fontTools writes woff2 with it)
        except ImportError:
            raise BuildError("the Python package brotli is missing (KaTeX's fonts are written as woff2): "
                             "run `make setup`") from None
        options = fonttools_subset.Options(flavor="woff2", layout_features=["*"], notdef_outline=True)
        font = fonttools_subset.load_font(str(font_path), options)
        subsetter = fonttools_subset.Subsetter(options)
        subsetter.populate(text="".join(sorted(chars)))
        subsetter.subset(font)
        SUBSETS.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(".tmp")
        fonttools_subset.save_font(font, str(tmp), options)
        tmp.replace(cached)
    font_path.write_bytes(cached.read_bytes())
