"""Put the published numbers into a page: every {{ name }} becomes the value's HTML.

The values themselves are computed by sigmoid.values and stored by generate; this module only
substitutes them, so a build where nothing changed need not import the numerical code."""

import difflib
import re

from sitebuild.errors import BuildError

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


def fill(markdown, published, on_error):
    """`published` is {name: HTML}. An unknown name is passed to on_error(BuildError with the
    line in `markdown`), whose return value (if any) stands in its place."""
    def replace(m):
        if m.group(1) in published:
            return published[m.group(1)]
        line = markdown.count("\n", 0, m.start()) + 1
        close = difflib.get_close_matches(m.group(1), published, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        return on_error(BuildError(f"there is no published number '{m.group(1)}' ({hint}define it in "
                                   f"scripts/sigmoid/values.py)", line=line))
    return PLACEHOLDER.sub(replace, markdown)
