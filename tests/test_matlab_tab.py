"""The derivative page shows the post's computation in MATLAB/Octave beside NumPy: both must
print the same numbers. Octave runs the very file the page includes."""

import os
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT

OCTAVE = shutil.which("octave-cli") or shutil.which("octave")


def run(args):
    result = subprocess.run(args, cwd=ROOT / "docs" / "code", capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_octave_and_numpy_print_the_same_numbers():
    if OCTAVE is None:
        if os.environ.get("CI") == "true":
            pytest.fail("GNU Octave is missing in CI (make system-packages installs it: Debian package octave)")
        pytest.skip("GNU Octave is not installed (make system-packages installs it: Debian package octave)")
    octave = run([OCTAVE, "--no-gui", "--quiet", "--norc", "blog_post.m"])
    numpy = run([sys.executable, "blog_post.py"])
    assert octave == numpy and "largest difference" in numpy


def test_the_page_includes_both_programs(pages):
    tabs = pages["derivative/index.html"].select(".tabbed-set")
    text = tabs[0].get_text()
    assert "x = -10:0.1:10;" in text and "matlab_colon(-10, 0.1, 10)" in text
