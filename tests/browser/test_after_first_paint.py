"""The page's scripts (Material's bundle, the explorer) load once the first contentful paint is
on screen (overrides/partials/after-first-paint.html), in document order, and still start: the
built bundle begins its work when the page is already parsed (sitebuild/theme_patches.py).
The oracle is the browser's own timing: the paint entry and the scripts' resource entries."""

import json

import pytest
from pageread import MOBILE, SCHEMES
from visits import STARTED, settle


def attribute_changes(target, attributes):
    """An init script that records, in window.__changes, every change of the named attributes of
    one element (a JavaScript expression: document.body) as [time, attribute, old, new]."""
    return f"""
window.__changes = [];
new MutationObserver(records => {{ for (const r of records) if (r.target === {target})
    __changes.push([performance.now(), r.attributeName, r.oldValue, r.target.getAttribute(r.attributeName)]); }})
  .observe(document, {{subtree: true, attributes: true, attributeOldValue: true,
                      attributeFilter: {json.dumps(attributes)}}});
"""


# Every change of the root's class or focus-visible mark; of the body's palette attributes.
ROOT_CHANGES = attribute_changes("document.documentElement", ["class", "data-js-focus-visible"])
BODY_CHANGES = attribute_changes("document.body", ["data-md-color-media", "data-md-color-scheme",
                                                   "data-md-color-primary", "data-md-color-accent"])


def test_scripts_load_after_the_first_contentful_paint_in_order(page_path, visits):
    loaded = visits(page_path, "phone-light")  # the visit waits for the bundle and the explorer to start
    assert loaded.started
    timings = loaded.timings
    assert timings["fcp"] is not None and any("/bundle." in url for url in timings["wanted"])
    assert sorted(url for url, _ in timings["loaded"]) == sorted(timings["wanted"])
    assert all(start >= timings["fcp"] for _, start in timings["loaded"]), timings
    assert timings["run"] == timings["wanted"]  # inserted in the order the page lists them
    assert loaded.watch.errors == []


def test_the_root_is_marked_for_javascript_before_the_first_paint(server, new_page):
    """Material's bundle marks <html> (class js, js-focus-visible) when it starts; after the first
    paint that restyles every element. The head marks it first, so nothing changes after the paint."""
    page, watch = new_page(viewport=MOBILE)
    page.add_init_script(ROOT_CHANGES)
    page.goto(server.url + "derivative/", wait_until="load")
    settle(page, watch)
    page.wait_for_function("typeof document$ !== 'undefined'", timeout=10_000)
    assert page.evaluate(STARTED)
    fcp = page.evaluate("performance.getEntriesByName('first-contentful-paint')[0].startTime")
    changes = page.evaluate("__changes")
    assert any(name == "class" for _, name, _, _ in changes), "the bundle marks the root (oracle: it did)"
    late = [c for c in changes if c[0] >= fcp and c[2] != c[3]]
    assert late == [], late
    assert {"js", "js-focus-visible"} <= set(page.evaluate("[...document.documentElement.classList]"))
    assert watch.errors == []
    page.context.close()


def test_without_paint_timing_the_scripts_load_at_once(server, new_page):
    page, watch = new_page(viewport=MOBILE)
    page.add_init_script("delete window.PerformanceObserver")
    page.goto(server.url + "derivative/", wait_until="load")
    settle(page, watch)
    page.wait_for_function("typeof document$ !== 'undefined'", timeout=10_000)
    assert page.evaluate(STARTED)
    page.wait_for_function("'explorerReady' in document.querySelector('.explorer').dataset", timeout=10_000)
    assert watch.errors == []
    page.context.close()


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_a_first_visit_is_painted_in_the_os_palette(server, new_page, palette):
    """On a first visit Material's bundle picks the palette matching the OS preference; it runs after
    the first paint, so the page picks it before (overrides/main.html). Oracle: the bundle's own
    choice, which must change nothing after the paint (else the reader sees the other palette first
    and the browser fetches that palette's figures)."""
    page, watch = new_page(palette=palette, viewport=MOBILE)
    page.add_init_script(BODY_CHANGES)
    page.goto(server.url + "properties/", wait_until="load")
    settle(page, watch)
    page.wait_for_function("typeof document$ !== 'undefined'", timeout=10_000)
    assert page.evaluate(STARTED)
    page.wait_for_function("__md_get('__palette') !== null", timeout=10_000)  # the bundle has chosen
    fcp = page.evaluate("performance.getEntriesByName('first-contentful-paint')[0].startTime")
    late = [c for c in page.evaluate("__changes") if c[0] >= fcp and c[2] != c[3]]
    assert late == [], late
    assert page.evaluate("document.body.dataset.mdColorScheme") == SCHEMES[palette]
    assert watch.errors == []
    page.context.close()
