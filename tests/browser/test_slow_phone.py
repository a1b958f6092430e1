"""Every page loaded as a phone on a slow link gets it (Lighthouse's mobile network: 150 ms round
trips, 1.6 Mbit/s down, applied by the browser itself): nothing on screen moves while the page
loads. The KaTeX fonts a page does not preload (sitebuild/mathcheck/fonts.py) arrive after the first
paint here; their formulas must not shift what the reader sees. Oracle: the browser's own
layout-shift entries, the events Lighthouse's CLS adds up."""

import pytest
from pageread import MOBILE, read_page

SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8}
SHIFTS = """
window.__shifts = [];
new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput)
    __shifts.push({at: Math.round(e.startTime), value: e.value,
                   moved: e.sources.map(s => s.node ? (s.node.className || s.node.nodeName) : '?')}); })
  .observe({type: 'layout-shift', buffered: true});
"""
# What the page's KaTeX fonts did: each font face and when it finished loading, against the first paint.
FONTS = """() => ({fcp: performance.getEntriesByName('first-contentful-paint')[0].startTime,
  fonts: performance.getEntriesByType('resource').filter(r => r.name.endsWith('.woff2'))
    .map(r => [r.name.split('/').pop(), Math.round(r.responseEnd)])})"""


@pytest.mark.timeout(120)
def test_nothing_moves_while_the_page_loads_on_a_slow_phone_link(page_path, server, new_page):
    page, watch = new_page(viewport=MOBILE, is_mobile=True, has_touch=True)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    page.add_init_script(SHIFTS)
    page.goto(server.url + page_path, wait_until="load", timeout=60_000)
    read_page(page)  # bounded wait for fonts and images
    page.wait_for_timeout(300)  # a frame or two for the last font's re-layout to be reported
    shifts = page.evaluate("__shifts")
    assert shifts == [], (shifts, page.evaluate(FONTS))
    assert watch.failed == []
    page.context.close()
