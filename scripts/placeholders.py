"""Put the published numbers into a page: every {{ name }} becomes the value's HTML.

The values themselves are computed by values.py and stored by generate.py; this module only
substitutes them, so a build where nothing changed need not import the numerical code."""

import re

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


class UnknownValue(Exception):
    """A page asks for a number that scripts/values.py does not publish."""


def fill(markdown, page, published):
    """`published` is {name: HTML}. Unknown names are errors naming the page and the line."""
    def replace(m):
        if m.group(1) in published:
            return published[m.group(1)]
        line = markdown.count("\n", 0, m.start()) + 1
        raise UnknownValue(f"{page}:{line}: there is no published number '{m.group(1)}' "
                           f"(define it in scripts/values.py; known: {', '.join(sorted(published))})")
    return PLACEHOLDER.sub(replace, markdown)
