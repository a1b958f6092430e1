"""Shared fixtures: the built site (make test builds it first) and its pages."""

import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"


@pytest.fixture(scope="session")
def site():
    """The built site/; built here when a test run starts without one."""
    if not (SITE / "index.html").exists():
        subprocess.run([sys.executable, "-m", "sitebuild.build"], cwd=ROOT, check=True)
    return SITE


@pytest.fixture(scope="session")
def pages(site):
    """{relative path: BeautifulSoup} for every HTML page of the built site."""
    return {p.relative_to(site).as_posix(): BeautifulSoup(p.read_text(), "html.parser")
            for p in sorted(site.rglob("*.html"))}


def pytest_collection_modifyitems(items):
    for item in items:  # `make check` leaves out the browser tests
        if "browser" in item.path.parts:
            item.add_marker(pytest.mark.browser)
