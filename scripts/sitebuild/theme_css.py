"""One rule taken out of Material's palette stylesheet, in the built copy (the installed theme is
left as it is).

On every page load Material's palette component sets `data-md-color-switching` on <body>, reads
a computed style, and removes the attribute a frame later. Its stylesheet stops transitions
under that attribute for every element (`[data-md-color-switching] *`), so each of the two
changes makes the browser restyle the whole page: 14,000 elements on the derivative page, most
of them KaTeX boxes, hundreds of milliseconds of blocking time on Lighthouse's phone (measured with
scripts/bench/lighthouse.py). Without the rule the palette switches just the same; a link or a button may fade
to its new colour (Material's 125 to 250 ms transitions) instead of changing at once.
"""

from pathlib import Path

from sitebuild.errors import BuildError

SHEETS = "assets/stylesheets"
SWITCHING_RULE = ("[data-md-color-switching] *,[data-md-color-switching] :after,"
                  "[data-md-color-switching] :before{transition-duration:0s!important}")


def palette_sheet(theme_dirs):
    """The theme's palette stylesheet, as installed (its name carries Material's hash)."""
    found = sorted(p for d in theme_dirs for p in (Path(d) / SHEETS).glob("palette.*.min.css"))
    if len(found) != 1:
        raise BuildError(f"expected one palette.*.min.css in the theme's {SHEETS}/, found {len(found)} "
                         "(sitebuild/theme_css.py: has Material changed its files?)")
    return found[0]


def drop_switching_rule(theme_dirs, site_dir):
    """Write the built copy of the palette stylesheet: the installed one without SWITCHING_RULE."""
    source = palette_sheet(theme_dirs)
    text = source.read_text(encoding="utf-8")
    if text.count(SWITCHING_RULE) != 1:
        raise BuildError(f"Material's {source.name} no longer holds the rule {SWITCHING_RULE!r}: check what "
                         "its palette component does on load now, and update sitebuild/theme_css.py")
    (Path(site_dir) / SHEETS / source.name).write_text(text.replace(SWITCHING_RULE, ""), encoding="utf-8")
