"""Every Debian/Ubuntu package the project installs exists in the package index, and the setup
finds its programs the way the README says. The names are read from the files that install
them (the Makefile, .ci/run, the workflows and the setup script they call), so a new name is
covered without editing this test."""

import ast
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT

SETUP = ROOT / "scripts" / "devtools" / "setup_machine.py"
SHELL_FILES = [ROOT / "Makefile", ROOT / ".ci" / "run", *sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))]
APT_INSTALL = re.compile(r"apt(?:-get)?\s+install\s+([^\n;&|]+)")


def names_in_shell(text):
    """Package names after `apt-get install` in shell lines (options and variables dropped)."""
    names = set()
    for m in APT_INSTALL.finditer(text.replace("\\\n", " ")):
        names |= {w for w in m.group(1).split() if re.fullmatch(r"[a-z0-9][a-z0-9+.-]+", w)}
    return names


def names_in_setup():
    """The values of DEBIAN_PACKAGES in the setup script, read from its source (not imported)."""
    tree = ast.parse(SETUP.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "DEBIAN_PACKAGES" for t in node.targets):
            return set(ast.literal_eval(node.value).values())
    pytest.fail("DEBIAN_PACKAGES not found in scripts/devtools/setup_machine.py")


def installed_packages():
    names = names_in_setup()
    for path in SHELL_FILES:
        names |= names_in_shell(path.read_text())
    return sorted(names)


def test_the_scan_reads_shell_install_lines():
    text = "sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \\\n  chromium octave"
    assert names_in_shell(text) == {"chromium", "octave"}
    assert {"chromium", "octave"} <= set(installed_packages())


@pytest.fixture(scope="module")
def indexed():
    """The names of those installed packages that the package index holds."""
    if shutil.which("apt-cache") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("apt-cache is missing: CI runs on Debian or Ubuntu")
        pytest.skip("not a Debian or Ubuntu machine: no package index to ask")
    lists = list(Path("/var/lib/apt/lists").glob("*Packages*"))
    if not lists and os.geteuid() == 0:
        subprocess.run(["apt-get", "update", "-qq"], check=True, timeout=300, capture_output=True)
    # One question for every package: each apt-cache run reads the whole index (half a second).
    # A name it does not know is left out of its answer (and named on stderr).
    answer = subprocess.run([shutil.which("apt-cache"), "show", "--no-all-versions", *installed_packages()],
                            capture_output=True, text=True, timeout=60)
    return set(re.findall(r"^Package: (\S+)$", answer.stdout, re.MULTILINE))


@pytest.mark.parametrize("package", installed_packages())
def test_every_installed_package_exists_in_the_index(indexed, package):
    assert package in indexed, \
        f"'{package}' is not in the package index; it is installed by one of: " \
        f"{', '.join(p.relative_to(ROOT).as_posix() for p in [*SHELL_FILES, SETUP])}"


def test_without_a_known_package_manager_setup_says_what_to_install(tmp_path):
    """A machine with no Octave and no apt-get or brew (PATH holds only Python): one clear line,
    never a raw package-manager error."""
    import sys

    (tmp_path / "python").symlink_to(sys.executable)
    result = subprocess.run([str(tmp_path / "python"), str(SETUP), "system"], capture_output=True, text=True,
                            env={"PATH": str(tmp_path), "HOME": os.environ.get("HOME", "/tmp")}, timeout=120)
    assert result.returncode != 0
    assert "please install: GNU Octave (macOS: brew install octave" in result.stderr
    assert "E: " not in result.stderr and "Traceback" not in result.stderr


def test_chromium_is_found_where_contributors_have_it(tmp_path, monkeypatch):
    """$CHROMIUM_PATH as given; else /usr/bin/chromium; else chromium, chromium-browser or
    google-chrome on PATH (Ubuntu, macOS with a link, ...); else Playwright's own."""
    from devtools import setup_machine

    monkeypatch.setenv("CHROMIUM_PATH", "/opt/my/chrome")
    assert setup_machine.find_chromium() == "/opt/my/chrome"
    monkeypatch.delenv("CHROMIUM_PATH")
    chrome = tmp_path / "google-chrome"
    chrome.write_text("#!/bin/sh\n")
    chrome.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: p != "/usr/bin/chromium" and real_access(p, mode))
    assert setup_machine.find_chromium() == str(chrome)
    chrome.unlink()
    monkeypatch.setattr(setup_machine, "playwright_chromium", lambda: "/cache/ms-playwright/chrome")
    assert setup_machine.find_chromium() == "/cache/ms-playwright/chrome"
