"""Every page of the built site, in the light and in the dark palette, as a reader gets it: a
first visit at 1280 px with the OS preferring the palette, then the header's toggle (visits.py)."""

import pytest
from pageread import SCHEMES, image_problems, math_problems, read_page
from visits import OTHER


@pytest.fixture(params=["light", "dark"])
def visit(request, page_path, visits):
    return visits(page_path, f"desktop-{request.param}")


def test_no_console_errors(visit):
    assert visit.watch.errors == []


def test_no_failed_requests(visit):
    assert visit.watch.failed == []


def test_no_request_leaves_the_site(visit):
    assert visit.watch.foreign == []


def test_a_request_for_another_host_is_counted_and_goes_nowhere(server, new_page):
    """The test above can fail: a page's request for a CDN's file is counted as foreign, and fails
    (the browser resolves no host but the local server's: conftest.ONLY_HOST)."""
    page, watch = new_page()
    page.goto(server.url, wait_until="load", timeout=30_000)
    url = "https://cdn.jsdelivr.net/npm/katex/dist/katex.min.js"
    outcome = page.evaluate("url => fetch(url).then(() => 'fetched', () => 'failed')", url)
    assert (outcome, watch.foreign) == ("failed", [url])
    page.context.close()


def test_palette_follows_os_then_toggle_is_remembered(visit):
    assert visit.scheme == SCHEMES[visit.palette], "first visit ignores the OS preference"
    assert visit.toggled == SCHEMES[OTHER[visit.palette]], "toggled palette lost on reload"
    assert visit.toggle_errors == []


def test_every_formula_is_rendered(visit):
    assert math_problems(visit.state) == []


def test_every_image_loads_and_has_alt_text(visit):
    assert image_problems(visit.state) == []


def test_figure_variant_matches_palette(visit):
    # A figure's narrow variant is for phones (site.css): at desktop width it stays hidden.
    narrow = [i for i in visit.state["images"] if "-narrow-" in i["src"]]
    assert [i["src"] for i in narrow if i["shown"]] == [], "a phone's variant on the desktop"
    images = [i for i in visit.state["images"] if "-narrow-" not in i["src"]]
    light = [i for i in images if "#only-light" in i["src"]]
    dark = [i for i in images if "#only-dark" in i["src"]]
    assert len(light) == len(dark), "every figure needs a light and a dark variant"
    shown, hidden = (light, dark) if visit.palette == "light" else (dark, light)
    assert [i["src"] for i in shown if not i["shown"]] == [], f"hidden in {visit.palette}"
    assert [i["src"] for i in hidden if i["shown"]] == [], f"shown in {visit.palette}"


def test_no_serious_accessibility_violations(visit):
    serious = [f"{v['id']} ({v['impact']}): {v['help']} at "
               + ", ".join(str(n["target"]) for n in v["nodes"][:5])
               for v in visit.axe if v["impact"] in ("serious", "critical")]
    assert serious == [], "\n".join(serious)


def test_the_other_palettes_figures_are_not_downloaded(visit):
    fetched = visit.resources
    other = f"-{OTHER[visit.palette]}.svg"
    assert [url for url in fetched if url.endswith(other)] == []


def test_an_image_that_never_loads_fails_fast_instead_of_hanging(server, new_page):
    """read_page's waits are bounded: a request that never ends is reported as an image that did
    not load, within seconds (it once hung the whole suite for 22 minutes)."""
    import time

    from pageread import WAIT_SECONDS

    page, _ = new_page()
    page.route("**/never-answers.svg", lambda route: None)  # the request is never answered
    page.goto(server.url, wait_until="domcontentloaded")
    page.evaluate("""() => { const img = document.createElement('img');
        img.src = 'never-answers.svg'; img.alt = 'a figure'; img.width = 50; img.height = 50;
        document.querySelector('article').prepend(img); }""")
    started = time.monotonic()
    state = read_page(page)
    assert time.monotonic() - started < WAIT_SECONDS + 10
    assert any("never-answers.svg: did not load" in p for p in image_problems(state))
