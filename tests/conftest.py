"""Shared fixtures: the built site (make test builds it first) and its pages."""

import fcntl
import gc
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from site_pages import page_id, site_pages

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"


@pytest.fixture(scope="session")
def site():
    """The built site/; built here when a test run starts without one (by one worker: the others
    wait for the lock, then find it built)."""
    ROOT.joinpath(".cache").mkdir(exist_ok=True)
    with open(ROOT / ".cache" / "site-build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (SITE / "index.html").exists():
            subprocess.run([sys.executable, "-m", "sitebuild.build"], cwd=ROOT, check=True)
    return SITE


@pytest.fixture(scope="session")
def page_sources(site):
    """{relative path: HTML text} for every HTML page of the built site."""
    return {p.relative_to(site).as_posix(): p.read_text() for p in sorted(site.rglob("*.html"))}


@pytest.fixture(scope="session")
def pages(page_sources):
    """{relative path: BeautifulSoup} for every HTML page of the built site.

    The soups are some 700 000 objects that live as long as the test process, and Python's cycle
    collector walked them all on each full collection: 1.1 s of the 2.2 s parse and 2.5 s more
    in each `make check` worker (measured with gc.callbacks). So they are parsed with the collector
    paused, then left out of its walks (gc.freeze): they are never garbage before the process ends."""
    gc.disable()
    try:
        soups = {path: BeautifulSoup(text, "html.parser") for path, text in page_sources.items()}
    finally:
        gc.enable()
    gc.freeze()
    return soups


def pytest_addoption(parser):
    parser.addoption("--screenshots", action="store_true",
                     help="write the browser tests' screenshots to screenshots/ (make screenshots)")


def pytest_collection_modifyitems(items):
    for item in items:  # `make check` leaves out the browser tests
        if "browser" in item.path.parts:
            item.add_marker(pytest.mark.browser)


def pytest_xdist_make_scheduler(config, log):
    """--dist loadgroup, with each page's browser tests as one group: the worker that runs them
    loads the page once per view for all of them (browser/visits.py). The group is read from the
    test's id, where the page's id stands ("derivative", "notebooks-derivative": the longest that
    fits). A test that falls in no group is scheduled alone; a wrong group costs time, never a
    result. (xdist's own xdist_group mark does not reach its scheduler under pytest 9.)"""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    pages = sorted(map(page_id, site_pages()), key=len, reverse=True)

    class ByPage(LoadGroupScheduling):
        def _split_scope(self, nodeid):
            if nodeid.startswith("tests/browser/") and nodeid.endswith("]"):
                params = "-" + nodeid[nodeid.rindex("[") + 1:-1] + "-"
                for page in pages:
                    if f"-{page}-" in params:
                        return f"page {page}"
            return nodeid

    return ByPage(config, log)
