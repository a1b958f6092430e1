"""Put the published numbers into a page: every {{ name }} becomes the value's HTML, or, inside
math ($...$ or $$...$$), the same number as TeX, so a formula such as
`s(2) \\approx {{ sigmoid_at_two }}` is checked against the very number the build computed.

The values themselves are computed by sigmoid.values and stored by generate; this module only
substitutes them, so a build where nothing changed need not import the numerical code."""

import difflib
import html
import re

from sitebuild.errors import BuildError

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
# Math as pymdownx.arithmatex reads it: $$...$$ (over lines) or $...$ within a line.
MATH = re.compile(r"\$\$.*?\$\$|(?<![\\$])\$(?![\s$])[^$\n]*?[^\s\\]\$", re.S)


def as_tex(value_html):
    """The published HTML of a number as TeX: 1.2&thinsp;×&thinsp;10<sup>−5</sup> is
    1.2\\times 10^{-5}, a thin-space thousands separator is {,}."""
    text = re.sub(r"<sup>(.*?)</sup>", r"^{\1}", value_html)
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return (text.replace("\u2212", "-").replace("\u00d7", r"\times ").replace("\u2009", "")
            .replace("\u202f", "{,}"))


def fill(markdown, published, on_error):
    """`published` is {name: HTML}. An unknown name is passed to on_error(BuildError with the
    line in `markdown`), whose return value (if any) stands in its place."""
    math = [m.span() for m in MATH.finditer(markdown)]

    def replace(m):
        if m.group(1) in published:
            inside = any(a < m.start() < b for a, b in math)
            return as_tex(published[m.group(1)]) if inside else published[m.group(1)]
        line = markdown.count("\n", 0, m.start()) + 1
        close = difflib.get_close_matches(m.group(1), published, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        return on_error(BuildError(f"there is no published number '{m.group(1)}' ({hint}define it in "
                                   f"scripts/sigmoid/values.py)", line=line))
    return PLACEHOLDER.sub(replace, markdown)
