"""Three changes to the built copies of Material's files (the installed theme is left as it is). The
first two stop its palette component from making the browser restyle the whole page on every load:
14,000 elements on the derivative page, most of them KaTeX boxes, hundreds of milliseconds of
blocking time on Lighthouse's phone each (traced with Chromium's invalidation tracking, scored with
scripts/bench/lighthouse.py). The third lets the bundle start after the page is parsed.

- The palette stylesheet stops transitions for every element under `[data-md-color-switching]`,
  an attribute the component sets on <body> and removes a frame later: two full restyles. Without
  the rule the palette switches just the same; a link or a button may fade to its new colour
  (Material's 125 to 250 ms transitions) instead of changing at once.
- The bundle appends a `<meta name="color-scheme">` to the head and then sets its content: Chromium
  restyles every element whenever such a meta is added or changed. The bundle's meta is made but
  never appended; the page's root takes the palette's colour scheme from the site's stylesheet
  instead (`:root:has(...)` in docs/stylesheets/site.css), so scrollbars and the page behind it
  still follow the toggle.
- The bundle starts its work on the document's DOMContentLoaded event, and only then. The site loads
  it after the first paint (overrides/main.html), when that event may be over: the built copy starts
  at once when the document is already parsed, and waits for the event as before when it is not.

Each change names the exact text it replaces; a theme without it fails the build.
"""

from pathlib import Path

from sitebuild.errors import BuildError

STYLESHEETS = "assets/stylesheets"
JAVASCRIPTS = "assets/javascripts"
SWITCHING_RULE = ("[data-md-color-switching] *,[data-md-color-switching] :after,"
                  "[data-md-color-switching] :before{transition-duration:0s!important}")
METATAG_APPEND = 'let o=x("meta",{name:"color-scheme"});document.head.appendChild(o);'
METATAG_DETACHED = 'let o=x("meta",{name:"color-scheme"});'
DOCUMENT_WAITS = 'return h(document,"DOMContentLoaded",{once:!0}).subscribe(()=>e.next(document)),e}'
DOCUMENT_READY = ('return document.readyState=="loading"?h(document,"DOMContentLoaded",{once:!0})'
                  '.subscribe(()=>e.next(document)):e.next(document),e}')
# (folder, file pattern, text the file must hold once, what it becomes), applied in this order
PATCHES = [(STYLESHEETS, "palette.*.min.css", SWITCHING_RULE, ""),
           (JAVASCRIPTS, "bundle.*.min.js", METATAG_APPEND, METATAG_DETACHED),
           (JAVASCRIPTS, "bundle.*.min.js", DOCUMENT_WAITS, DOCUMENT_READY)]


def installed(theme_dirs, folder, pattern):
    """One of the theme's files, as installed (its name carries Material's hash)."""
    found = sorted(p for d in theme_dirs for p in (Path(d) / folder).glob(pattern))
    if len(found) != 1:
        raise BuildError(f"expected one {pattern} in the theme's {folder}/, found {len(found)} "
                         "(sitebuild/theme_patches.py: has Material changed its files?)")
    return found[0]


def patch_theme(theme_dirs, site_dir):
    """Write the built copies of the patched files: the installed ones with PATCHES applied.
    Every patch is checked before any file is written, so a failed build leaves no half-patched theme."""
    patched = {}  # built file: its text so far
    for folder, pattern, old, new in PATCHES:
        source = installed(theme_dirs, folder, pattern)
        target = Path(site_dir) / folder / source.name
        text = patched.get(target) or source.read_text(encoding="utf-8")
        if text.count(old) != 1:
            raise BuildError(f"Material's {source.name} no longer holds {old!r}: check what that code does "
                             "on load now, and update sitebuild/theme_patches.py")
        patched[target] = text.replace(old, new)
    for target, text in patched.items():
        target.write_text(text, encoding="utf-8")
