"""Each page loaded once per view (palette and width) it is tested in, and everything the tests
read on that load captured there: the tests of test_pages, test_mobile, test_formulas_fit,
test_fonts_preloaded, test_figure_sizes, test_after_first_paint and test_unused_css all assert on
one capture instead of loading the page again. The capture holds data, not a live page, so a
test reads the same thing whatever runs before it; the `visit` fixture (conftest.py) makes each
capture once per test process.

A view is a first visit with the OS preferring the view's palette (in the view's kept tab, its
storage cleared and the browser's cache off: conftest.Tabs), except the 720 and 960 px
views (NARROWED): the light desktop visit's window narrowed to those widths and read there. On
the desktop views the header's toggle is then tried: the page switches to the other palette and
keeps it on a reload.
"""

import time
from types import SimpleNamespace

from pageread import DESKTOP, MOBILE, SCHEMES, read_page
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from site_pages import page_id

PHONE = {"viewport": MOBILE, "is_mobile": True, "has_touch": True}
# view name: (palette, browser context options)
VIEWS = {
    "desktop-light": ("light", {"viewport": DESKTOP}),
    "desktop-dark": ("dark", {"viewport": DESKTOP}),
    "phone-light": ("light", PHONE),
    "phone-dark": ("dark", PHONE),
}
# The narrowest screen with the wide layout of a derivation, and with the table of contents: the
# desktop visit's window made that narrow (CSS lays the page out anew for the new width, as for a
# reader who narrows the window), read there, and widened again. Two loads a page fewer.
NARROWED = {"720-light": ("desktop-light", 720), "960-light": ("desktop-light", 960)}
OTHER = {"light": "dark", "dark": "light"}
PALETTE_RULES = ["color-contrast", "link-in-text-block", "image-alt", "svg-img-alt"]
TOGGLE = '[data-md-component="palette"] label:visible'

# Material's bundle has started when its document$ has emitted the page.
STARTED = "() => new Promise(r => document$.subscribe(d => r(d === document)))"

# When the page's after-first-paint scripts loaded, against the first contentful paint.
TIMINGS = """() => {
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  const wanted = [...document.querySelectorAll('script[type="text/x-after-first-paint"]')]
    .map(s => new URL(s.dataset.src, location.href).href);
  const loaded = performance.getEntriesByType('resource').filter(e => wanted.includes(e.name));
  return {fcp: fcp ? fcp.startTime : null, wanted,
          loaded: loaded.map(e => [e.name, e.startTime]),
          run: [...document.querySelectorAll('script[src]')].map(s => s.src)};
}"""

# Per visible display formula: how many of its layouts show, which, its TeX, and whether it
# scrolls sideways (its box narrower than its formula) or reaches out of the text column.
FORMULAS = """() => {
  const column = document.querySelector('.md-content__inner').getBoundingClientRect();
  return [...document.querySelectorAll('.math-display')].filter(box => box.checkVisibility()).map(box => {
    const shown = [...box.querySelectorAll(':scope > .katex-display')]
      .filter(k => getComputedStyle(k).display !== 'none');
    const formula = (shown[0] || box).querySelector('.katex-html').getBoundingClientRect();
    const boxRect = box.getBoundingClientRect();
    return {
      shown: shown.length,
      variant: shown.length ? (shown[0].className.match(/math-(wide|narrow)/) || [, 'only'])[1] : null,
      layouts: box.querySelectorAll(':scope > .katex-display').length,
      tex: (box.querySelector('annotation') || {}).textContent.replace(/\\s+/g, ' ').slice(0, 80),
      scrolls: box.scrollWidth > box.clientWidth,
      outside: Math.min(boxRect.left, formula.left) < column.left - 0.5 ||
               Math.max(boxRect.right, formula.right) > column.right + 0.5,
    };
  });
}"""

# The text column's width and, per figure, the images it shows.
FIGURES_SHOWN = """() => ({
  column: document.querySelector('.md-content .md-typeset').getBoundingClientRect().width,
  figures: [...document.querySelectorAll('figure[id^="figure-"]')].map(figure => ({
    id: figure.id,
    shown: [...figure.querySelectorAll('img')].filter(img => img.checkVisibility())
      .map(img => ({src: img.getAttribute('src'), width: img.getBoundingClientRect().width,
                    svgWidth: parseFloat(img.getAttribute('width'))})),
  })),
})"""

# What the browser loaded, as KaTeX's file names: KaTeX_Size1 400 normal -> KaTeX_Size1-Regular.woff2.
FONTS_LOADED = """() => [...document.fonts].filter(f => f.status === 'loaded' && f.family.includes('KaTeX'))
  .map(f => f.family.replace(/"/g, '') + '-' + ({'400 normal': 'Regular', '400 italic': 'Italic',
    '700 normal': 'Bold', '700 italic': 'BoldItalic'})[f.weight + ' ' + f.style] + '.woff2')"""
PRELOADS = """() => [...document.head.querySelectorAll('link[rel=preload][as=font]')].map(l =>
  ({file: l.href.split('/').pop(), crossorigin: l.hasAttribute('crossorigin'), type: l.type}))"""

# Pseudo-classes of a reader's actions and states, and pseudo-elements, are taken out before
# matching, so `.x:hover::after` counts as matching wherever `.x` does. (An emptied compound,
# as in `:hover>.x`, becomes `*`.) Structural ones (:not, :nth-child, ...) stay.
MATCHES = r"""(selectors) => {
  const state = /^(-[a-z]+-.*|hover|focus|focus-visible|focus-within|active|visited|target|checked|
    before|after|marker|selection|placeholder|first-letter|first-line|backdrop)$/
  const loosen = s => s.replace(/(::?)([-\w]+)(?![-\w(])/g, (m, colons, name) => state.test(name) ? "" : m)
    .replace(/(^|[\s>+~(,])(?=\s*([>+~),]|$))/g, "$1*").trim()
  const found = [], invalid = []
  for (const selector of selectors) {
    try {
      const element = document.querySelector(loosen(selector))
      if (element) found.push(`${selector}  (${element.outerHTML.slice(0, 120)})`)
    } catch (error) { invalid.push(`${selector} -> ${loosen(selector)}`) }
  }
  return {found, invalid}
}""".replace("|\n    ", "|")

# Every var(--name) that the page's stylesheets (all rules, nested ones too) and inline styles read.
READ_PROPERTIES = r"""() => {
  const texts = [...document.querySelectorAll('[style]')].map(e => e.getAttribute('style'))
  const walk = rules => {
    for (const rule of rules) { texts.push(rule.cssText); if (rule.cssRules) walk(rule.cssRules) }
  }
  for (const sheet of document.styleSheets) walk(sheet.cssRules)
  return [...new Set(texts.join('\n').match(/var\(\s*--[\w-]+/g) || [])].map(v => v.replace(/var\(\s*/, ''))
}"""

# What a page fetches once its bundle runs: the search worker and its index (Material's worker
# module, then the index it loads).
SEARCH_FILES = ("/search/search_index.json", "/workers/search.")


def settle(page, watch, seconds=30):
    """Wait, after the load event, until the page has done what it does on its own: the bundle has
    started (it comes after the first paint), the search worker has fetched its index, and no
    request is in flight. What Playwright's "networkidle" waits for, without its 500 ms of quiet
    on every load. Events reach `watch` only inside a Playwright call, so nothing finishes between
    the check and the wait."""
    page.wait_for_function("typeof document$ !== 'undefined' && window.component$", timeout=seconds * 1000)
    started = page.evaluate(STARTED)
    deadline = time.monotonic() + seconds

    def done():
        fetched = all(any(part in url for url in watch.finished) for part in SEARCH_FILES)
        return fetched and not watch.in_flight

    while not done():
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"{page.url}: still loading after {seconds} s: "
                               f"{sorted(r.url for r in watch.in_flight) or 'no search index fetched'}")
        try:  # the next finished request, or a second (a failed one ends no wait, but is counted)
            page.context.wait_for_event("requestfinished", timeout=min(left, 1) * 1000)
        except PlaywrightTimeout:
            pass
    return started


WIDTH = "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
SCHEME = "document.body.dataset.mdColorScheme"


def capture(page_path, view, *, tabs, server, shots, removed_selectors, axe):
    """Load page_path in `view` once, in the view's tab (conftest.Tabs), and read everything the
    tests assert on (a SimpleNamespace)."""
    palette, options = VIEWS[view]
    page, watch = tabs.open(view)
    figure_requests = []

    def figure_requested(request):
        if "/figures/" in request.url:
            figure_requests.append(request.url.rsplit("/", 1)[1])

    page.on("request", figure_requested)
    try:
        page.goto(server.url + page_path, wait_until="load", timeout=30_000)
        # The bundle has run and added its elements; the explorer, where there is one, is set up.
        started = settle(page, watch)
        if page.locator(".explorer").count():
            page.wait_for_function("'explorerReady' in document.querySelector('.explorer').dataset", timeout=10_000)
        state = read_page(page)  # waits (bounded) for images and fonts, which set the final widths
        captured = SimpleNamespace(
            path=page_path, view=view, palette=palette, width=options["viewport"]["width"],
            started=started, state=state, scheme=page.evaluate(SCHEME), page_width=page.evaluate(WIDTH),
            timings=page.evaluate(TIMINGS), formulas=page.evaluate(FORMULAS),
            figures=page.evaluate(FIGURES_SHOWN), figure_requests=list(figure_requests),
            preloads=page.evaluate(PRELOADS), fonts_loaded=page.evaluate(FONTS_LOADED),
            resources=page.evaluate("performance.getEntriesByType('resource').map(r => r.name)"),
            removed_matches=page.evaluate(MATCHES, removed_selectors),
            properties_read=set(page.evaluate(READ_PROPERTIES)),
            axe=None, toggled=None)
        shot = f"{page_id(page_path)}-{palette}.png" if view.startswith("desktop") else \
            f"{page_id(page_path)}-mobile-{palette}.png" if view.startswith("phone") else None
        if shot:
            shots.take(page, shot, full_page=True)
        if view.startswith("desktop"):
            # Every rule in the light palette; in the dark one the rules whose verdict depends on
            # colours or on which palette's figures show (the page's structure is the same), among
            # those axe runs by default.
            options = {"resultTypes": ["violations"]}  # (the passes are long lists nobody reads)
            if palette == "dark":
                options["runOnly"] = {"type": "rule", "values": PALETTE_RULES}
            captured.axe = axe().run(page, options=options).response["violations"]
        # What went wrong on the first visit. (The toggle below fetches the other palette's figures
        # and the reload may abort them: that is not the page's failure.)
        captured.watch = SimpleNamespace(errors=list(watch.errors), failed=list(watch.failed),
                                         foreign=list(watch.foreign))
        captured.narrowed = {}
        for name, (base, width) in NARROWED.items():
            if base == view:
                page.set_viewport_size({"width": width, "height": MOBILE["height"]})
                # The browser lays the page out anew in its next frames, and Material's scripts
                # answer the resize event; on a busy machine a read at once found the page still
                # wider than the window (CI: 1044 px at 960). Wait, bounded, for the page to fit:
                # one that never does is read as it is, and test_formulas_fit reports it.
                try:
                    page.wait_for_function(f"w => innerWidth === w && {WIDTH} <= w", arg=width, timeout=5_000)
                except PlaywrightTimeout:
                    pass
                captured.narrowed[name] = SimpleNamespace(
                    path=page_path, view=name, palette=palette, width=width, state=read_page(page),
                    formulas=page.evaluate(FORMULAS), page_width=page.evaluate(WIDTH))
        if captured.narrowed:
            page.set_viewport_size(VIEWS[view][1]["viewport"])
        if view.startswith("desktop"):
            # The toggle switches to the other palette, and a reload keeps it (Material stores it).
            page.locator(TOGGLE).click()
            page.wait_for_function("s => document.body.dataset.mdColorScheme === s", arg=SCHEMES[OTHER[palette]],
                                   timeout=10_000)
            watch.finished.clear()
            page.reload(wait_until="load", timeout=30_000)
            settle(page, watch)
            captured.toggled = page.evaluate(SCHEME)
            captured.toggle_errors = watch.errors[len(captured.watch.errors):]
    except BaseException:
        tabs.give_up(view)
        raise
    else:
        return captured
    finally:
        watch.stop()
        page.remove_listener("request", figure_requested)
