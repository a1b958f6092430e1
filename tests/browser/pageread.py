"""What a reader sees on a loaded page, and what is wrong with it (shared by the tests)."""

DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 375, "height": 812}
SCHEMES = {"light": "default", "dark": "slate"}  # our palette name -> Material's scheme


# What a reader sees, read in one round trip after images and fonts have settled.
WAIT_SECONDS = 10  # the longest read_page waits for images and fonts
READ_PAGE = r"""async () => {
  const WAIT_MS = WAIT_SECONDS_MS;
  // Figures are lazy: a reader's browser fetches the palette's variant when it scrolls near it
  // and never the hidden one. Fetch every shown image now, as scrolling would, and wait.
  const visible = [...document.images].filter(img => img.checkVisibility());
  visible.forEach(img => { img.loading = 'eager'; });
  // Every wait is bounded: an image whose request never ends must fail the test, not hang it.
  const bounded = (promise) => Promise.race([promise, new Promise(done => setTimeout(done, WAIT_MS))]);
  await bounded(Promise.all(visible.map(img => img.complete && img.naturalWidth ? null :
    new Promise(done => { img.addEventListener('load', done); img.addEventListener('error', done); }))));
  await bounded(document.fonts.ready);
  // A page with formulas shows its article once their fonts are loaded (overrides/main.html):
  // the next frame after that, at the latest.
  const pending = () => ARTICLE_TRANSPARENT;
  await bounded(new Promise(done => requestAnimationFrame(function wait() {
    pending() ? requestAnimationFrame(wait) : done(); })));
  const skip = '.katex, pre, code, script, style, noscript, textarea';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const rawTex = [];
  // TeX commands, display delimiters, or a $...$ pair holding TeX syntax: math KaTeX missed.
  const texLike = /\\[a-zA-Z]{2,}|\\[()\[\]]|\$\$|\$[^$\n]*[\\^_{}][^$\n]*\$/;
  for (let node; (node = walker.nextNode());) {
    if (!node.parentElement.closest(skip) && texLike.test(node.textContent))
      rawTex.push(node.textContent.trim());
  }
  const shown = el => el.checkVisibility() && el.getBoundingClientRect().width > 0;
  const katex = [...document.querySelectorAll('.katex')];
  return {
    scheme: document.body.getAttribute('data-md-color-scheme'),
    articleHidden: pending(),
    rawTex,
    katexErrors: [...document.querySelectorAll('.katex-error')].map(e => e.textContent),
    arithmatexLeft: document.querySelectorAll('.arithmatex').length,
    katexCount: katex.length,
    // Each formula keeps its TeX source for assistive tech and draws boxes a reader sees.
    katexWithoutSource: katex.filter(k => !k.querySelector('annotation[encoding="application/x-tex"]')).length,
    katexNotDrawn: katex.filter(k => k.checkVisibility() && !shown(k.querySelector('.katex-html'))).length,
    // KaTeX's stylesheet hides the MathML copy; without it every formula shows twice.
    mathmlShown: katex.filter(k => { const m = k.querySelector('.katex-mathml');
      return m && m.getBoundingClientRect().width > 2; }).length,
    katexFonts: [...document.fonts].map(f => f.status === 'loaded' && f.family.replace(/"/g, ''))
      .filter(family => family && family.startsWith('KaTeX')),
    images: [...document.images].map(img => ({src: img.getAttribute('src'),
      alt: (img.getAttribute('alt') || '').trim(), width: img.naturalWidth, shown: shown(img)})),
  };
}"""


# Whether the article is still transparent, waiting for its fonts (overrides/main.html).
ARTICLE_TRANSPARENT = "(a => !!a && getComputedStyle(a).opacity === '0')(document.querySelector('.md-content'))"


def read_page(page):
    return page.evaluate(READ_PAGE.replace("WAIT_SECONDS_MS", str(WAIT_SECONDS * 1000))
                         .replace("ARTICLE_TRANSPARENT", ARTICLE_TRANSPARENT))


# What each count or list in READ_PAGE means when it is not empty.
MATH_FAULTS = {
    "rawTex": "raw TeX in the visible text",
    "katexErrors": "KaTeX errors",
    "arithmatexLeft": ".arithmatex formulas not rendered by KaTeX",
    "katexWithoutSource": "formulas without their TeX annotation",
    "katexNotDrawn": "visible formulas with an empty rendering",
    "mathmlShown": "formulas showing their MathML copy (KaTeX CSS missing?)",
    "articleHidden": "the article still transparent, waiting for its fonts (overrides/main.html)",
}


def math_problems(state):
    """Messages for every way the math on a page failed to render ([] when it is all fine)."""
    problems = [f"{what}: {state[key][:3] if isinstance(state[key], list) else state[key]}"
                for key, what in MATH_FAULTS.items() if state[key]]
    if state["katexCount"] and not {"KaTeX_Main", "KaTeX_Math"} <= set(state["katexFonts"]):
        problems.append(f"KaTeX fonts not loaded: only {sorted(set(state['katexFonts']))}")
    return problems


def image_problems(state):
    """Every image needs alt text; every shown one must have loaded (the other palette's
    figure variant is hidden and, being lazy, not fetched)."""
    return [f"{img['src']}: " + ("no alt text" if not img["alt"] else "did not load")
            for img in state["images"] if not img["alt"] or (img["shown"] and not img["width"])]
