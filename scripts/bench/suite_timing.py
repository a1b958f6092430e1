"""A pytest plugin for scripts/bench/suite.py: where the suite's wall time goes. Loaded with
`-p suite_timing` (this folder on the import path); writes one JSON file per process (each xdist
worker is one) into the folder named by $SUITE_TIMING_DIR, which suite.py adds up.

Per test: the seconds of its setup, call and teardown (a shared fixture is paid by the first test
that asks for it). Per fixture: the seconds of its setups. Per test module: the browser's page
loads (Playwright's goto and reload) and their seconds.
"""

import json
import os
import time
from pathlib import Path

import pytest

records = {"tests": [], "fixtures": [], "loads": []}
current = {"module": None}


def _module(nodeid):
    return nodeid.split("::", 1)[0]


def _count_page_loads():
    """Wrap Playwright's Page.goto and Page.reload so that each load is timed against its module."""
    try:
        from playwright.sync_api._generated import Page
    except ImportError:
        return
    for name in ("goto", "reload"):
        original = getattr(Page, name)

        def timed(self, *args, _original=original, **kwargs):
            start = time.perf_counter()
            try:
                return _original(self, *args, **kwargs)
            finally:
                records["loads"].append([current["module"], time.perf_counter() - start])
        setattr(Page, name, timed)


def pytest_configure(config):
    _count_page_loads()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    current["module"] = _module(item.nodeid)
    yield


@pytest.hookimpl(hookwrapper=True)
def pytest_fixture_setup(fixturedef, request):
    start = time.perf_counter()
    yield
    records["fixtures"].append([fixturedef.argname, fixturedef.scope, time.perf_counter() - start])


def pytest_runtest_logreport(report):
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return  # the controller gets every worker's reports: counted there, once
    # Which process ran it, and when it ended (xdist names the worker on the reports it passes on).
    worker = getattr(getattr(report, "node", None), "gateway", None)
    records["tests"].append([report.nodeid, report.when, report.duration, report.outcome,
                             worker.id if worker else "main", report.stop])


def pytest_unconfigure(config):
    folder = os.environ.get("SUITE_TIMING_DIR")
    if folder:
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        Path(folder, f"{worker}-{os.getpid()}.json").write_text(json.dumps(records))
