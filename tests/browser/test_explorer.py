"""The explorer on the derivative page (docs/javascripts/explorer.js), driven as a reader drives it:
with the keyboard, on the slider and on the presets. At every position each number it shows is
compared with mpmath (tests/oracles.py) at the precision it is shown with, and the drawing is
read back from its SVG coordinates: the points sit on s and s', the tangent has slope s'(x), and
the rectangle in the unit square has sides s(x), 1 - s(x) and area s'(x)."""

import re

import mpmath
import pytest
from axe_playwright_python.sync_playwright import Axe
from oracles import EXPLORER_PRESETS, ds, s
from pageread import DESKTOP, MOBILE, SCHEMES
from visits import settle as settle_page

PAGE = "derivative/"
SLIDER = "Move x from −10 to 10"
PRESET_BUTTONS = {"0": "0, the peak", "-ln(2+sqrt3)": "−ln(2+√3)", "ln(2+sqrt3)": "ln(2+√3), where s′ = 1/6",
                  "8": "8, saturated"}
WAIT_MS = 5000  # the longest any wait here lasts: a stuck explorer fails, it does not hang

# Everything the explorer shows, in one round trip, after two animation frames (bounded) so that
# the drawing has caught up with the last input. Attribute values are read as written: full digits.
READ = """async (root) => {
  await Promise.race([new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done))),
                      new Promise(done => setTimeout(done, 1000))]);
  const part = (name, keys) => { const el = root.querySelector(`[data-part="${name}"]`);
    return el && Object.fromEntries(keys.map(k => [k, el.getAttribute(k)])); };
  const rect = ['x', 'y', 'width', 'height'];
  const slider = root.querySelector('input[type=range]');
  const svg = root.querySelector('svg.explorer__plot');
  return {
    x: root.dataset.x, slider: slider.value, valuetext: slider.getAttribute('aria-valuetext'),
    shown: Object.fromEntries([...root.querySelectorAll('[data-show]')].map(e => [e.dataset.show, e.textContent])),
    live: root.querySelector('[aria-live]').getAttribute('aria-live'),
    liveHoldsNumbers: root.querySelectorAll('[aria-live] [data-show]').length,
    text: root.textContent,
    attributes: svg ? [...svg.querySelectorAll('*')].flatMap(el => [...el.attributes].map(a => a.value)) : [],
    plot: part('plot', [...rect, 'data-domain']), square: part('square', rect), area: part('area', rect),
    sPoint: part('s-point', ['cx', 'cy']), dsPoint: part('ds-point', ['cx', 'cy']),
    tangent: part('tangent', ['x1', 'y1', 'x2', 'y2']), sPath: part('s', ['d']), dsPath: part('ds', ['d']),
  };
}"""

SCI = re.compile(r"^(−?\d\.\d+) × 10(−?\d+)$")


def shown_value(text):
    """(value, half a unit in the last digit, significant digits) of a number as the explorer
    shows it: 0.5000, 1.000, −1.317, or 4.540 × 10−5."""
    text = " ".join(text.replace("\u2009", " ").split())
    assert "NaN" not in text and "Infinity" not in text
    m = SCI.match(text)
    mantissa, exponent = (m.group(1), int(m.group(2).replace("−", "-"))) if m else (text, 0)
    assert re.fullmatch(r"−?\d+\.\d+", mantissa), f"not a number as the explorer shows one: {text!r}"
    decimals = len(mantissa.split(".")[1])
    digits = len(mantissa.replace("−", "").replace(".", "").lstrip("0")) or 1
    return float(mantissa.replace("−", "-")) * 10.0 ** exponent, 0.5 * 10.0 ** (exponent - decimals), digits


def open_explorer(new_page, server, palette="light", viewport=DESKTOP, **options):
    page, watch = new_page(palette=palette, viewport=viewport, **options)
    page.goto(server.url + PAGE, wait_until="load")
    settle_page(page, watch)
    page.wait_for_selector(".explorer[data-explorer-ready] svg.explorer__plot", timeout=WAIT_MS)
    return page, watch


def settle(page, x):
    """Wait until the numbers are for x (they follow the slider at most every 250 ms), then read."""
    page.wait_for_function("x => Number(document.querySelector('.explorer').dataset.x) === x", arg=float(x),
                           timeout=WAIT_MS)
    return page.evaluate(READ, page.locator(".explorer").element_handle())


def check_numbers(state, x):
    """Every number shown against mpmath at x, at the precision shown."""
    assert state["live"] == "polite" and state["liveHoldsNumbers"] == 4
    shown_x, half, _ = shown_value(state["shown"]["x"])
    assert len(state["shown"]["x"].split(".")[1]) == 3 and abs(shown_x - float(x)) <= half * (1 + 1e-9)
    assert state["valuetext"] == state["shown"]["x"], "the slider announces the x the numbers show"
    truth = {"s": s(x), "rest": 1 - s(x), "ds": ds(x)}
    for name, value in truth.items():
        shown, half, digits = shown_value(state["shown"][name])
        assert digits == 4, f"{name} = {state['shown'][name]}: not 4 significant digits"
        assert abs(shown - float(value)) <= half * (1 + 1e-9), \
            f"x = {float(x)}: {name} shows {state['shown'][name]}, truth {mpmath.nstr(value, 8)}"
    assert "NaN" not in state["text"] and "Infinity" not in state["text"]
    assert not [a for a in state["attributes"] if "NaN" in a or "Infinity" in a]


def check_drawing(state, x):
    """The drawing read back through the plot frame's scale (it spans exactly its data-domain)."""
    f = {k: float(v) for k, v in state["plot"].items() if k != "data-domain"}
    x0, x1, y0, y1 = map(float, state["plot"]["data-domain"].split())
    kx, ky = f["width"] / (x1 - x0), f["height"] / (y1 - y0)
    px = lambda v: f["x"] + (float(v) - x0) * kx
    py = lambda v: f["y"] + (y1 - float(v)) * ky
    sx, sy = (float(state["sPoint"][k]) for k in ("cx", "cy"))
    assert sx == pytest.approx(px(x), abs=1e-9) and sy == pytest.approx(py(s(x)), abs=1e-9)
    dx, dy = (float(state["dsPoint"][k]) for k in ("cx", "cy"))
    assert dx == pytest.approx(px(x), abs=1e-9) and dy == pytest.approx(py(ds(x)), abs=1e-9)

    t = {k: float(v) for k, v in state["tangent"].items()}
    slope = -((t["y2"] - t["y1"]) / ky) / ((t["x2"] - t["x1"]) / kx)  # SVG's y grows downwards
    assert slope == pytest.approx(float(ds(x)), rel=1e-9), f"x = {float(x)}: the tangent's slope"
    assert ((t["x1"] + t["x2"]) / 2, (t["y1"] + t["y2"]) / 2) == pytest.approx((sx, sy), abs=1e-9), \
        "the tangent goes through (x, s(x))"
    assert t["x2"] - t["x1"] > 20, "the tangent is long enough to see"

    sq = {k: float(v) for k, v in state["square"].items()}
    area = {k: float(v) for k, v in state["area"].items()}
    assert sq["width"] == sq["height"] > 50
    assert area["x"] == pytest.approx(sq["x"], abs=1e-9)
    assert area["y"] + area["height"] == pytest.approx(sq["y"] + sq["height"], abs=1e-9)
    width, height = area["width"] / sq["width"], area["height"] / sq["height"]
    assert width == pytest.approx(float(s(x)), rel=1e-9) and height == pytest.approx(float(1 - s(x)), rel=1e-9)
    assert width * height == pytest.approx(float(ds(x)), rel=1e-9), f"x = {float(x)}: the rectangle's area"
    return px, py


def check_curves(state, px, py):
    """Both curves, vertex by vertex: 201 points from -10 to 10, coordinates to 0.01 px."""
    for name, oracle in (("sPath", s), ("dsPath", ds)):
        points = [tuple(map(float, p.split(","))) for p in state[name]["d"].lstrip("M").split("L")]
        assert len(points) == 201
        for i, (vx, vy) in enumerate(points):
            xi = mpmath.mpf(-10) + mpmath.mpf(20) * i / 200
            assert abs(vx - px(xi)) <= 0.005 + 1e-9 and abs(vy - py(oracle(xi))) <= 0.005 + 1e-9, \
                f"{name} vertex {i} (x = {float(xi)})"


def slider_position(state):
    return mpmath.mpf(state["slider"])  # the value the browser gives the slider, e.g. "2.01"


def test_keyboard_and_presets_show_the_true_numbers_and_drawing(server, new_page):
    page, watch = open_explorer(new_page, server)
    root = page.locator(".explorer")
    slider = page.get_by_role("slider", name=SLIDER)
    assert slider.get_attribute("step") == "0.01" and page.get_by_text(SLIDER).is_visible()

    state = settle(page, 0)
    check_numbers(state, 0)
    check_curves(state, *check_drawing(state, 0))

    slider.focus()
    expected = {"ArrowRight": lambda v: v == mpmath.mpf("0.01"), "PageUp": lambda v: v > 1,
                "PageDown": lambda v: v < 1, "Home": lambda v: v == -10, "ArrowLeft": lambda v: v == -10,
                "End": lambda v: v == 10, "ArrowDown": lambda v: v == mpmath.mpf("9.99")}
    for key, where in expected.items():
        slider.press(key)
        position = mpmath.mpf(slider.input_value())
        assert where(position), f"{key} moved the slider to {position}"
        state = settle(page, float(position))
        check_numbers(state, position)
        check_drawing(state, position)

    for name, x in EXPLORER_PRESETS.items():
        button = page.get_by_role("button", name=PRESET_BUTTONS[name], exact=True)
        button.focus()
        page.keyboard.press("Enter")
        state = settle(page, float(x))
        check_numbers(state, x)
        check_drawing(state, x)
        assert float(state["slider"]) == round(float(x), 2), "the slider shows the nearest step"
        if name == "ln(2+sqrt3)":
            assert state["shown"]["ds"] == "0.1667", "s' = 1/6 there"
        if name == "0":
            assert state["shown"]["ds"] == "0.2500"
    # From a preset, the keyboard carries on from the slider's step.
    slider.focus()
    slider.press("ArrowLeft")
    state = settle(page, 7.99)
    check_numbers(state, mpmath.mpf("7.99"))
    assert root.locator("svg.explorer__plot").count() == 1
    assert (watch.errors, watch.failed, watch.foreign) == ([], [], [])
    page.context.close()


def test_numbers_are_announced_politely_not_on_every_step(server, new_page):
    """The numbers are an aria-live region: a held arrow key must not update it for every step."""
    page, watch = open_explorer(new_page, server)
    page.evaluate("""() => { window.liveUpdates = 0;
        new MutationObserver(() => window.liveUpdates++).observe(document.querySelector('.explorer [aria-live]'),
                                                                 {childList: true, subtree: true, characterData: true});
    }""")
    slider = page.get_by_role("slider", name=SLIDER)
    slider.focus()
    presses = 30
    for _ in range(presses):
        page.keyboard.press("ArrowRight")
    state = settle(page, 0.3)
    check_numbers(state, mpmath.mpf("0.3"))
    assert 1 <= page.evaluate("window.liveUpdates") < presses / 2
    assert watch.errors == []
    page.context.close()


def test_phone_stacks_the_panels_without_overflow(server, new_page):
    page, watch = open_explorer(new_page, server, viewport=MOBILE, is_mobile=True, has_touch=True)
    slider = page.get_by_role("slider", name=SLIDER)
    for key in ("Home", "End"):  # the widest numbers: 4.540 × 10−5
        slider.focus()
        slider.press(key)
        x = -10 if key == "Home" else 10
        state = settle(page, x)
        check_numbers(state, x)
        check_curves(state, *check_drawing(state, x))
        width = page.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")
        assert width <= MOBILE["width"]
        box = page.locator(".explorer").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= MOBILE["width"]
    plot, square = (float(state[k]["y"]) for k in ("plot", "square"))
    assert square > plot + float(state["plot"]["height"]), "on a phone the square is below the curves"
    assert (watch.errors, watch.failed) == ([], [])
    page.context.close()


MIN_TEXT_PX = 11  # issue 11: every label, tick and legend at least 11 CSS px, on a phone and on desktop

# Every text of the live drawing: its size on screen (computed font size, in the SVG's user units,
# times the horizontal scale of its screen CTM; the drawing is not skewed or rotated) and its box.
READ_TEXTS = """(svg) => {
  const frame = svg.getBoundingClientRect();
  return {frame: {left: frame.left, top: frame.top, right: frame.right, bottom: frame.bottom},
          texts: [...svg.querySelectorAll('text')].map(t => {
    const ctm = t.getScreenCTM(), r = t.getBoundingClientRect();
    return {text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * ctm.a, b: ctm.b, c: ctm.c,
            left: r.left, top: r.top, right: r.right, bottom: r.bottom};
  })};
}"""


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "phone"])
def test_every_text_is_readable_and_apart(server, new_page, viewport):
    """Every text of the live drawing (ticks, axis label, legend, the square's labels, which move)
    renders at 11 CSS px or more, inside the drawing, and overlaps no other text, at the ends of
    the slider and at each preset."""
    page, watch = open_explorer(new_page, server, viewport=viewport)
    slider = page.get_by_role("slider", name=SLIDER)
    positions = [("Home", -10), ("End", 10), *((name, float(x)) for name, x in EXPLORER_PRESETS.items())]
    for how, x in positions:
        if how in ("Home", "End"):
            slider.focus()
            slider.press(how)
        else:
            page.get_by_role("button", name=PRESET_BUTTONS[how], exact=True).click()
        settle(page, x)
        state = page.evaluate(READ_TEXTS, page.locator("svg.explorer__plot").element_handle())
        texts, frame = state["texts"], state["frame"]
        assert len(texts) >= 15, "ticks, axis label, legend, square's title and its four labels"
        for t in texts:
            assert t["b"] == 0 and t["c"] == 0, "text drawn unrotated, so its scale is CTM.a"
            assert t["px"] >= MIN_TEXT_PX, f"x = {x}: {t['text']!r} renders at {t['px']:.2f} CSS px"
            assert t["bottom"] - t["top"] >= MIN_TEXT_PX, f"x = {x}: {t['text']!r} box is too short"
            assert frame["left"] - 0.5 <= t["left"] and t["right"] <= frame["right"] + 0.5, \
                f"x = {x}: {t['text']!r} sticks out of the drawing"
            assert frame["top"] - 0.5 <= t["top"] and t["bottom"] <= frame["bottom"] + 0.5, \
                f"x = {x}: {t['text']!r} sticks out of the drawing"
        # Glyph boxes include the font's ascent and descent: texts on neighbouring lines may
        # share that empty margin, so boxes are compared shrunk by 2 px on each side.
        boxes = [(t["text"], t["left"] + 2, t["top"] + 2, t["right"] - 2, t["bottom"] - 2) for t in texts]
        for i, (a, *ra) in enumerate(boxes):
            for b, *rb in boxes[i + 1:]:
                apart = ra[2] <= rb[0] or rb[2] <= ra[0] or ra[3] <= rb[1] or rb[3] <= ra[1]
                assert apart, f"x = {x}: {a!r} overlaps {b!r}"
    print(f"{viewport['width']} px: smallest text {min(t['px'] for t in texts):.2f} CSS px")
    assert (watch.errors, watch.failed) == ([], [])
    page.context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "phone"])
def test_no_layout_shift_when_the_script_runs(server, new_page, viewport):
    """The live drawing takes the static picture's box: the explorer is as tall, and the page
    below it as far down, before the script runs (the script blocked) as after."""
    def measure(block):
        page, watch = new_page(viewport=viewport)
        if block:
            page.route("**/explorer.js", lambda route: route.abort())
        page.goto(server.url + PAGE, wait_until="load")
        settle_page(page, watch)
        if not block:
            page.wait_for_selector(".explorer svg.explorer__plot", timeout=WAIT_MS)
        page.evaluate(READ, page.locator(".explorer").element_handle())  # two frames
        sizes = page.evaluate("""() => { const e = document.querySelector('.explorer');
            const picture = [...e.querySelectorAll('figure > img, figure > svg')].find(el => el.checkVisibility());
            return {explorer: e.getBoundingClientRect().height, picture: picture.getBoundingClientRect().height,
                    next: e.nextElementSibling.getBoundingClientRect().top + scrollY,
                    live: picture.tagName === 'svg'}; }""")
        page.context.close()
        return sizes

    before, after = measure(block=True), measure(block=False)
    assert (before["live"], after["live"]) == (False, True)
    assert after["picture"] == pytest.approx(before["picture"], abs=0.5)
    assert after["explorer"] == pytest.approx(before["explorer"], abs=0.5)
    assert after["next"] == pytest.approx(before["next"], abs=0.5)

    # And as the browser sees it: opened at the explorer's heading, so that it is on screen while
    # the script runs, the page reports no layout shift from the moment the script arrives. The
    # script is held back until the page's web fonts have loaded: on a busy machine a KaTeX font
    # (font-display: block) can arrive after the first paint and move text by a pixel, a shift
    # that is the fonts', not the script's, and that would make this test fail by chance.
    page, _ = new_page(viewport=viewport)
    held = []
    page.route("**/explorer.js", lambda route: held.append(route))
    page.add_init_script("""window.shifts = [];
        new PerformanceObserver(list => window.shifts.push(...list.getEntries().map(e => e.value)))
            .observe({type: 'layout-shift', buffered: true});""")
    with page.expect_request("**/explorer.js", timeout=WAIT_MS):  # asked for after the first paint
        page.goto(server.url + PAGE + "#explore-the-slope-is-an-area", wait_until="domcontentloaded")
    page.wait_for_function("document.fonts.status === 'loaded'", timeout=WAIT_MS)
    page.evaluate(READ, page.locator(".explorer").element_handle())  # two frames: laid out with the fonts
    assert held, "the request for explorer.js was held back"
    page.evaluate("window.shifts = []")
    held[0].continue_()
    page.wait_for_selector(".explorer svg.explorer__plot", timeout=WAIT_MS)
    page.evaluate(READ, page.locator(".explorer").element_handle())  # two frames
    box = page.locator(".explorer figure").bounding_box()
    assert 0 < box["y"] < viewport["height"], "the explorer is on screen"
    assert page.evaluate("window.shifts") == []
    page.context.close()


def test_without_javascript_the_static_picture_and_a_sentence(server, new_page):
    for viewport in (DESKTOP, MOBILE):
        page, watch = new_page(palette="light", viewport=viewport, java_script_enabled=False)
        page.goto(server.url + PAGE, wait_until="load")
        explorer = page.locator(".explorer")
        image = explorer.locator('img[src*="explorer-light.svg"]')
        image.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle(),
                               timeout=WAIT_MS)
        assert image.is_visible() and image.get_attribute("alt").startswith("At x = 0")
        assert not explorer.locator('img[src*="explorer-dark.svg"]').is_visible()
        box = image.bounding_box()
        assert box["height"] / box["width"] == pytest.approx(250 / 540, rel=0.01), "the picture is not letterboxed"
        sentence = explorer.locator(".explorer__nojs")
        assert sentence.is_visible() and "With JavaScript on, a slider" in sentence.text_content()
        assert explorer.locator("figcaption").is_visible()
        assert not explorer.locator(".explorer__controls").is_visible()
        assert explorer.locator("svg").count() == 0
        width = page.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")
        assert width <= viewport["width"]
        assert watch.failed == []
        page.context.close()


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_palettes_screenshots_and_axe(server, new_page, shots, palette):
    """Screenshots at 1280 and 375 px (explorer-PALETTE-WIDTH.png), the explorer moved to
    x = ln(2 + sqrt 3); axe finds nothing serious there, in either palette."""
    for viewport in (DESKTOP, MOBILE):
        page, watch = open_explorer(new_page, server, palette=palette, viewport=viewport)
        assert page.evaluate("document.body.dataset.mdColorScheme") == SCHEMES[palette]
        page.get_by_role("button", name=PRESET_BUTTONS["ln(2+sqrt3)"], exact=True).click()
        settle(page, float(EXPLORER_PRESETS["ln(2+sqrt3)"]))
        # The curves take the palette's colours (the figures' colours, set in site.css).
        colours = page.evaluate("""() => [...document.querySelectorAll('.explorer [data-part]')]
            .map(el => getComputedStyle(el).stroke)""")
        assert len(set(colours)) >= 3 and "none" not in colours
        results = Axe().run(page, context=".explorer")
        serious = [f"{v['id']}: {v['help']}" for v in results.response["violations"]
                   if v["impact"] in ("serious", "critical")]
        assert serious == []
        screenshot(page, shots, f"explorer-{palette}-{viewport['width']}.png")
        assert (watch.errors, watch.failed, watch.foreign) == ([], [], [])
        page.context.close()
    if palette == "light" and shots.folder is not None:  # and the picture without JavaScript
        page, _ = new_page(palette=palette, viewport=DESKTOP, java_script_enabled=False)
        page.goto(server.url + PAGE, wait_until="load")
        page.locator('.explorer img[src*="explorer-light.svg"]').scroll_into_view_if_needed()
        page.wait_for_load_state("networkidle")
        screenshot(page, shots, "explorer-nojs-1280.png")
        page.context.close()


def screenshot(page, shots, name):
    """The explorer and a margin around it, from a full-page capture (no sticky header over it)."""
    if shots.folder is None:
        return
    page.evaluate("window.scrollTo(0, 0)")
    box = page.evaluate("""() => { const r = document.querySelector('.explorer').getBoundingClientRect();
        return {x: 0, y: Math.max(0, r.top + scrollY - 60), width: innerWidth, height: r.height + 80}; }""")
    shots.take(page, name, full_page=True, clip=box)
