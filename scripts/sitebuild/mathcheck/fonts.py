"""The KaTeX fonts a page uses, found at build time, so the page can preload them.

KaTeX's stylesheet says which class sets which font (`.katex .mathnormal` is KaTeX_Math italic,
`.katex .delimsizing.size1` is KaTeX_Size1, ...) and which file holds each font (@font-face).
A font is used when the page has an element with the classes of one of its selectors (of the
last part that names classes: `.katex .delimsizing.size1` needs an element of class delimsizing
and size1; KaTeX puts the glyphs in those very elements, and everything is inside .katex). The
fonts load only once the stylesheet is parsed and the page laid out; a preload link fetches
them together with the stylesheets (overrides/main.html), and the formulas appear sooner.
"""

import re
from functools import lru_cache

from sitebuild import ROOT

STYLESHEET = ROOT / "node_modules" / "katex" / "dist" / "katex.min.css"
RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
FAMILY = re.compile(r"font(?:-family)?\s*:[^;]*?\b(KaTeX_\w+)")
WOFF2 = re.compile(r"url\(fonts/([\w-]+\.woff2)\)")
CLASSES = re.compile(r'class="([^"]*)"')


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
