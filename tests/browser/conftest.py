"""Fixtures for the browser tests: the built site/ served like GitHub Pages serves it, one
Chromium for the whole session, and helpers that load a page and read what a reader sees.

Chromium: whichever devtools.setup_machine.find_chromium() finds ($CHROMIUM_PATH, one on this
machine, or Playwright's own). Without one the tests skip locally and fail when CI=true (a CI
run that checks nothing must not pass).
"""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from devtools.setup_machine import find_chromium
from devtools.static_server import StaticServer
from pageread import DESKTOP
from site_pages import page_id, site_pages
from stylesheets import removed_by_the_cut
from visits import NARROWED, VIEWS, capture

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "site"
SHOTS = ROOT / "screenshots"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
# No host but the local server's resolves: a request to any other fails at once, and Watch counts it
# as foreign. (Routing each request through Playwright to block them turned off the browser's cache
# for the toggle's reload and cost 10% of six pages' loads and reloads; the browser tests as a whole
# took 275 s against 279 s, within noise.)
ONLY_HOST = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE {host}"


def pytest_generate_tests(metafunc):
    # A missing site/ gives one parameter that fails in the `server` fixture, not zero tests.
    if "page_path" in metafunc.fixturenames:
        pages = site_pages() or ["<site/ not built>"]
        metafunc.parametrize("page_path", pages, ids=[page_id(p) for p in pages], scope="module")



@pytest.fixture(scope="session")
def server():
    if not (SITE / "index.html").is_file():
        pytest.fail("site/ is not built: run make site first")
    with StaticServer(SITE) as running:
        yield running


@pytest.fixture(scope="session")
def browser(server):
    executable = find_chromium()
    if executable is None:
        reason = "no Chromium found: run `make system-packages` or set CHROMIUM_PATH"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=executable,
                                     args=[*CHROMIUM_ARGS, ONLY_HOST.format(host=server.host)])
        yield launched
        launched.close()


class Shots:
    """Screenshots for people to look at (nothing asserts on them), taken only with --screenshots
    (`make screenshots`): a full-page capture of a long page costs most of a second."""

    def __init__(self, folder):
        self.folder = folder

    def take(self, page, name, **options):
        if self.folder is not None:
            page.screenshot(path=self.folder / name, **options)
            return True
        return False


@pytest.fixture(scope="session")
def shots(request):
    """screenshots/, without the shots of pages that no longer exist (the rest are rewritten).
    Other shots (explorer-*.png) are named by what they show and kept."""
    if not request.config.getoption("screenshots"):
        return Shots(None)
    SHOTS.mkdir(exist_ok=True)
    current = {page_id(p) for p in site_pages()}
    for old in SHOTS.glob("*.png"):
        page = re.fullmatch(r"(.+?)(?:-mobile)?-(?:light|dark|mobile)", old.stem)
        if page and page.group(1) not in current:
            old.unlink(missing_ok=True)  # another worker may have got there first
    return Shots(SHOTS)


class Watch:
    """Everything a context's pages did wrong: console errors, uncaught exceptions, failed
    or 4xx/5xx requests, and requests to any host but the local server (those fail: ONLY_HOST)."""

    def __init__(self, context, server):
        self.host = f"{server.host}:{server.port}"
        self.errors, self.failed, self.foreign = [], [], []
        self.in_flight, self.finished = set(), []  # what settle() (visits.py) waits on
        self.context, self.handlers = context, [
            ("request", self._started), ("requestfinished", self._done), ("requestfailed", self._done),
            ("console", lambda m: m.type == "error" and self.errors.append(f"{m.text} ({m.location})")),
            ("weberror", lambda e: self.errors.append(str(e.error))),
            ("requestfailed", lambda r: self.failed.append(f"{r.url}: {r.failure}")),
            ("response", lambda r: r.status >= 400 and self.failed.append(f"{r.url}: HTTP {r.status}"))]
        for event, handler in self.handlers:
            context.on(event, handler)

    def stop(self):
        """Watch no more (the context goes on to another visit)."""
        for event, handler in self.handlers:
            self.context.remove_listener(event, handler)

    def _done(self, request):
        self.in_flight.discard(request)
        self.finished.append(request.url)

    def _started(self, request):
        self.in_flight.add(request)
        parts = urlsplit(request.url)
        if parts.scheme not in ("data", "blob") and parts.netloc != self.host:
            self.foreign.append(request.url)


@pytest.fixture(scope="session")
def new_page(browser, server):
    """new_page(palette=None, viewport=DESKTOP, **options) -> (page, watch): a page in a fresh
    context (so no palette choice carries over), with the OS preference set to `palette`."""
    contexts = []

    def make(palette=None, viewport=DESKTOP, **options):
        context = browser.new_context(viewport=viewport, color_scheme=palette or "no-preference",
                                      **options)
        contexts.append(context)
        watch = Watch(context, server)
        return context.new_page(), watch

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def removed_css():
    """(selectors, custom properties) the build cut out of Material's stylesheet."""
    if not (SITE / "index.html").is_file():
        pytest.fail("site/ is not built: run make site first")
    removed = removed_by_the_cut()
    assert removed[0], "the build removed no rule from Material's stylesheet"
    return removed


class Tabs:
    """One browser tab per view, kept for the test process: each visit loads its page in the view's
    tab, once the last visit's page is gone and its storage cleared (the palette the toggle stored,
    Material's search state), with the browser's cache off, so that each load is a first visit's.
    A fresh context per visit started a renderer process each time: 1.7 core-s a visit against
    0.95 in a kept tab (six pages' loads, measured). A visit that fails gives up its tab."""

    def __init__(self, browser, server):
        self.browser, self.server, self.kept = browser, server, {}
        self.origin = f"http://{server.host}:{server.port}"

    def open(self, view):
        """(page, watch): the view's tab, empty, at the view's size, and a Watch for this visit."""
        palette, options = VIEWS[view]
        if view not in self.kept:
            context = self.browser.new_context(color_scheme=palette, **options)
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
            self.kept[view] = page, cdp
        page, cdp = self.kept[view]
        try:
            page.goto("about:blank")
            cdp.send("Storage.clearDataForOrigin", {"origin": self.origin, "storageTypes": "all"})
            page.set_viewport_size(options["viewport"])
        except Exception:
            self.give_up(view)
            raise
        return page, Watch(page.context, self.server)

    def give_up(self, view):
        page, _ = self.kept.pop(view)
        page.context.close()

    def close(self):
        for view in list(self.kept):
            self.give_up(view)


@pytest.fixture(scope="session")
def visits(browser, server, shots, removed_css):
    """visits(page_path, view) -> what one load of the page in that view showed (visits.py), loaded
    once per test process; a load that failed fails every test that reads it, with its error."""
    from axe_playwright_python.sync_playwright import Axe

    done = {}

    def get(page_path, view):
        if view in NARROWED:  # read on the visit it narrows
            return get(page_path, NARROWED[view][0]).narrowed[view]
        key = (page_path, view)
        if key not in done:
            try:
                done[key] = capture(page_path, view, tabs=tabs, server=server, shots=shots,
                                    removed_selectors=removed_css[0], axe=Axe)
            except Exception as error:  # noqa: BLE001  (kept and raised for each reader)
                done[key] = error
        if isinstance(done[key], Exception):
            raise done[key]
        return done[key]

    tabs = Tabs(browser, server)
    yield get
    tabs.close()
