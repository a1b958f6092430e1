"""Reading stylesheets for the tests: Material's as installed beside the site's built copy, and
the style rules of a stylesheet as tinycss2 parses them."""

from collections import Counter
from pathlib import Path

import tinycss2

SITE = Path(__file__).resolve().parents[1] / "site"


def installed_and_built(folder, pattern):
    """One of Material's files: (as installed, as built into site/), as text."""
    import material

    (installed,) = (Path(material.__file__).parent / "templates" / "assets" / folder).glob(pattern)
    built = SITE / "assets" / folder / installed.name
    return installed.name, installed.read_text(encoding="utf-8"), built.read_text(encoding="utf-8")


def style_rules(css):
    """(at-rule context, [selector], [(property, value)]) for every style rule, @media ones too."""

    def walk(rules, context):
        for rule in rules:
            if rule.type == "qualified-rule":
                # Split at every comma: Material's selectors have no :is(a, b).
                selectors = [s.strip() for s in tinycss2.serialize(rule.prelude).split(",")]
                declarations = [(d.name, tinycss2.serialize(d.value).strip()) for d in
                                tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True, skip_comments=True)
                                if d.type == "declaration"]
                yield context, selectors, declarations
            elif rule.type == "at-rule" and rule.content is not None and rule.at_keyword != "keyframes":
                inner = tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True, skip_comments=True)
                yield from walk(inner, f"{context} @{rule.at_keyword} {tinycss2.serialize(rule.prelude).strip()}")

    yield from walk(tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True), "")


def custom_properties(css):
    """The custom properties a stylesheet declares."""
    return {name for _, _, declarations in style_rules(css) for name, _ in declarations if name.startswith("--")}


def selectors(css):
    """Counter of (at-rule context, selector) for every selector of every style rule."""
    return Counter((context, selector) for context, selectors, _ in style_rules(css) for selector in selectors)


def removed_by_the_cut():
    """What the build's cut took out of Material's main stylesheet: (sorted selectors, custom
    properties), found from the installed file and the built one."""
    _, installed, built = installed_and_built("stylesheets", "main.*.min.css")
    gone = selectors(installed) - selectors(built)
    return sorted({selector for _, selector in gone}), custom_properties(installed) - custom_properties(built)
