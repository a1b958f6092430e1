"""Bad input fails the build with one message naming the file and the item, no traceback,
and the last good site/ survives. Each case builds a fresh copy of the project."""

import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT


def source_files():
    """The project as a clean clone would have it (tracked and new, not ignored, files)."""
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    return [name for name in listed if (ROOT / name).is_file()]


@pytest.fixture
def project(tmp_path):
    for name in source_files():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules")
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("last good build")
    return tmp_path


def build(project):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "scripts/build_site.py"], cwd=project, env=env,
                          capture_output=True, text=True)


def edit(path, old, new):
    text = path.read_text()
    assert old in text, f"test fixture out of date: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1))


CASES = {
    "wrong derivation step": (
        "docs/derivative.md",
        r"&= \frac{e^{-x}}{\left(1+e^{-x}\right)^{2}}" + "\n  && \\text{the two minus signs cancel}",
        r"&= \frac{e^{-x}}{\left(1+e^{-x}\right)^{3}}" + "\n  && \\text{the two minus signs cancel}",
        ["docs/derivative.md", "equation 3", "step 4 does not hold", r"\left(1+e^{-x}\right)^{3}"]),
    "malformed derivation": (
        "docs/forms.md", "## The hyperbolic form",
        "$$\ns'(x) = \\frac{1}{4\\cosh^{2}(x/2)\n$$\n\n## The hyperbolic form",
        ["docs/forms.md", "cannot be checked"]),
    "unknown number": (
        "docs/properties.md", "{{ saturation_one_percent }}", "{{ saturation_two_percent }}",
        ["docs/properties.md", "saturation_two_percent"]),
    "figure script raises": (
        "scripts/figures.py", "def draw_sigmoid(theme):\n",
        "def draw_sigmoid(theme):\n    raise ValueError('bad data')\n",
        ["scripts/figures.py", "figure 'sigmoid'", "bad data"]),
    "missing include": (
        "docs/questions.md", "# Common questions", '# Common questions\n\n--8<-- "no-such-file.md"\n',
        ["no-such-file.md"]),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_input_fails_cleanly_and_keeps_the_last_site(project, case):
    path, old, new, expected = CASES[case]
    edit(project / path, old, new)
    result = build(project)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    for text in expected:
        assert text in output, f"{text!r} missing from:\n{output}"
    assert "Traceback" not in output, output
    assert (project / "site" / "index.html").read_text() == "last good build"
    assert not (project / "site.new").exists()


def test_two_clean_builds_are_byte_identical(project, tmp_path_factory):
    other = tmp_path_factory.mktemp("second")
    shutil.copytree(project, other, symlinks=True, dirs_exist_ok=True)
    assert build(project).returncode == 0 and build(other).returncode == 0
    first = {p.relative_to(project / "site"): p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    second = {p.relative_to(other / "site"): p.read_bytes() for p in (other / "site").rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [str(k) for k in first if first[k] != second[k]] == []


def test_generated_files_are_remade_only_when_their_inputs_change(project):
    def generate():
        result = subprocess.run([sys.executable, "scripts/generate.py"], cwd=project,
                                capture_output=True, text=True, check=True)
        return result.stdout.strip()

    assert generate() == "remade: figures, floating_point_tables, values"
    assert generate() == "remade: nothing (all up to date)"
    with open(project / "scripts" / "plotstyle.py", "a") as f:  # only the figures import it
        f.write("\n# a change\n")
    assert generate() == "remade: figures"
    (project / "generated" / "figures" / "sigmoid-dark.svg").unlink()
    assert generate() == "remade: figures"
    with open(project / "scripts" / "floating_point.py", "a") as f:  # all three use it
        f.write("\n# a change\n")
    assert generate() == "remade: figures, floating_point_tables, values"
