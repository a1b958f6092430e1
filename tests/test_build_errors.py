"""Bad input fails the build with one message naming the file and the exact line, no traceback,
and the last good site/ survives. Each case builds a fresh copy of the project, with the build's
cache as the working tree has it (the copy remakes what its edit changes, by the cache rule);
the tests about clean builds start from copies without it."""

import os
import subprocess
import sys

import pytest
from devtools.project_copy import copy_project, env_for
from sitebuild import ROOT

pytestmark = pytest.mark.slow


def with_last_good_site(project):
    (project / "site").mkdir()
    (project / "site" / "index.html").write_text("last good build")
    return project


@pytest.fixture
def project(tmp_path):
    return with_last_good_site(copy_project(tmp_path, warm=True))


@pytest.fixture
def clean_project(tmp_path):
    """A copy as a clean clone has it: nothing generated, no cache."""
    return with_last_good_site(copy_project(tmp_path))


def build(project, **extra):
    return subprocess.run([sys.executable, "-m", "sitebuild.build"], cwd=project, env=env_for(project, **extra),
                          capture_output=True, text=True, timeout=600)


def edit(path, old, new):
    text = path.read_text()
    assert old in text, f"test fixture out of date: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1))


def line_of(path, text):
    """The line of `text` in the edited file, found here, independently of the build."""
    content = path.read_text()
    assert text in content
    return content.count("\n", 0, content.index(text)) + 1


WRONG_STEP = r"&= \frac{e^{-x}}{\left(1+e^{-x}\right)^{3}}"
# case: (file, old, new, text on the line the error must name or None, other expected text)
CASES = {
    "wrong derivation step": (
        "docs/derivative.md",
        r"&= \frac{e^{-x}}{\left(1+e^{-x}\right)^{2}}" + "\n  && \\text{the two minus signs cancel}",
        WRONG_STEP + "\n  && \\text{the two minus signs cancel}",
        WRONG_STEP, ["equation 4", "step 6 does not hold", r"\left(1+e^{-x}\right)^{3}"]),
    "malformed derivation": (
        "docs/forms.md", "## The hyperbolic form",
        "$$\ns'(x) = \\frac{1}{4\\cosh^{2}(x/2)\n$$\n\n## The hyperbolic form",
        "s'(x) = \\frac{1}{4\\cosh^{2}(x/2)", ["cannot be checked"]),
    "unknown number on a page with front matter": (
        "docs/derivative.md", "{{ grid_points }}", "{{ grid_pointz }}",
        "{{ grid_pointz }}", ["grid_pointz"]),
    "figure script raises": (
        "scripts/sigmoid/figures.py", "def draw_sigmoid(theme, layout=WIDE):\n",
        "def draw_sigmoid(theme, layout=WIDE):\n    raise ValueError('bad data')\n",
        "raise ValueError('bad data')", ["figure 'sigmoid'", "bad data"]),
    "notebook cell raises": (
        "docs/notebooks/forms.py", '    """The sigmoid."""\n',
        '    """The sigmoid."""\n    raise ValueError("planted")\n',
        None, ["docs/notebooks/forms.py", "ValueError: planted"]),
    "notebook cell raises at import": (
        "docs/notebooks/forms.py", "import numpy as np\n", "import numpy as np\nraise ValueError('planted')\n",
        "raise ValueError('planted')", ["cell", "ValueError: planted"]),
    "notebook figure without alt text": (
        "docs/notebooks/questions.py", '# %% alt="The true derivative s′(x), a small',
        "# %% the true derivative s′(x), a small",
        None, ["docs/notebooks/questions.py", "cell", "has no alt text"]),
    "missing include after a blank line": (
        "docs/questions.md", "# Common questions", '# Common questions\n\n--8<-- "no-such-file.md"\n',
        '--8<-- "no-such-file.md"', ["no-such-file.md", "does not exist"]),
    "broken link": (
        "docs/forms.md", "## The hyperbolic form", "See [nothing](no-such-page.md).\n\n## The hyperbolic form",
        None, ["no-such-page.md"]),
    "bad anchor": (
        "docs/forms.md", "## The hyperbolic form",
        "See [there](derivative.md#no-such-anchor).\n\n## The hyperbolic form",
        None, ["no-such-anchor"]),
    "math checker switched off": (  # a site never goes out unchecked
        "mkdocs.yml", "      search_copies: true", "      search_copies: true\n      enabled: false",
        None, ["mkdocs.yml must list the mathcheck plugin, enabled"]),
    "page missing from nav": (
        "docs/orphan.md", None, "# An orphan\n\nNot in nav.\n", None, ["orphan.md"]),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_input_fails_cleanly_on_its_line_and_keeps_the_last_site(project, case):
    path, old, new, on_line, expected = CASES[case]
    if old is None:
        (project / path).write_text(new)
    else:
        edit(project / path, old, new)
    result = build(project, GITHUB_ACTIONS="true")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    if on_line:
        line = line_of(project / path, on_line)
        assert f"{path}:{line}:" in output, f"{path}:{line} not named in:\n{output}"
        assert f"::error file={path},line={line}::" in output, f"no annotation for {path}:{line}:\n{output}"
    for text in expected:
        assert text in output, f"{text!r} missing from:\n{output}"
    assert "Traceback" not in output, output
    assert (project / "site" / "index.html").read_text() == "last good build"
    assert not (project / "site.new").exists()


def all_generated(project):
    """What a build with nothing generated yet must remake: every group, each notebook."""
    notebooks = ", ".join(f"notebook:{p.stem}" for p in sorted((project / "docs" / "notebooks").glob("*.py")))
    return f"figures, tables, values, audit, {notebooks}"


@pytest.mark.timeout(900)  # a cold build on a busy machine
def test_a_clean_build_is_byte_identical_to_site_and_so_is_a_rebuild(site, clean_project):
    """site/, which make test builds before the tests (on a clean clone a clean build, so two clean
    builds are compared; in a checkout a build from its cache, compared with a clean one), against a
    clean build of a copy of the working tree; then the copy built again with nothing changed, from
    what the build keeps (pages, search entries, math), against the same bytes."""
    # make exports SOURCE_DATE_EPOCH, the last commit's time; a run of pytest alone gets the same.
    epoch = os.environ.get("SOURCE_DATE_EPOCH") or subprocess.run(
        ["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True).stdout.strip() or "0"
    project = clean_project
    first = build(project, SOURCE_DATE_EPOCH=epoch)
    assert first.returncode == 0, first.stdout + first.stderr
    assert f"regenerated: {all_generated(project)}\n" in first.stdout  # a clean build makes everything
    built, clean = site_bytes(site.parent), site_bytes(project)
    differ = sorted(str(k) for k in built.keys() | clean.keys() if built.get(k) != clean.get(k))
    assert differ == [], (f"site/ and a clean build of the working tree differ in {differ[:20]}: "
                          "make test builds site/ first; was a file edited since?")
    again = build(project, SOURCE_DATE_EPOCH=epoch)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "regenerated: nothing\n" in again.stdout
    rebuilt = site_bytes(project)
    assert sorted(str(k) for k in rebuilt.keys() | clean.keys() if rebuilt.get(k) != clean.get(k)) == []


def site_bytes(project):
    return {p.relative_to(project / "site"): p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}


def test_generated_files_are_remade_only_when_their_inputs_change(project):
    """From a built checkout's cache (a clean one remakes everything: the test above). Each edit
    is asked what it makes stale (the very function a build's remaking follows) and undone; one
    is remade, which makes nothing stale again."""
    def generate(*args):
        result = subprocess.run([sys.executable, "-m", "sitebuild.generate", *args], cwd=project,
                                env=env_for(project), capture_output=True, text=True, check=True)
        return result.stdout.strip()

    def stale_after(path, change=None):
        target = project / path
        before = target.read_bytes()
        if change is None:
            target.unlink()
        else:
            target.write_bytes(before + change)
        try:
            return generate("--stale")
        finally:
            target.write_bytes(before)

    generate()  # brings the copied cache up to date if the working tree changed since its last build
    assert generate() == "remade: nothing (all up to date)"
    assert generate("--stale") == "stale: nothing"
    change = b"\n# a change\n"
    assert stale_after("scripts/sigmoid/plotstyle.py", change) == "stale: figures"  # only the figures import it
    assert stale_after("generated/figures/sigmoid-dark.svg") == "stale: figures"  # an output missing
    assert stale_after("scripts/sigmoid/floating_point.py", change) == "stale: figures, tables, values"
    # Page code: what imports it (figures, floating_point and so the tables, values) and the
    # notebook that includes it.
    assert stale_after("docs/code/blog_post.py", change) == "stale: figures, tables, values, notebook:derivative"
    assert stale_after("docs/notebooks/forms.py", change) == "stale: notebook:forms"  # a notebook: only itself
    assert generate("--stale") == "stale: nothing"  # every edit undone: nothing to remake
    # A notebook is remade in 2 s, the figures in 10 (they were remade here before).
    with open(project / "docs" / "notebooks" / "forms.py", "ab") as f:
        f.write(change)
    assert generate() == "remade: notebook:forms"
    assert generate("--stale") == "stale: nothing"


# What `mkdocs serve` does on each change, in one long-lived process: load the config anew and
# build. Two builds with an edit in between must publish the edit (no module kept from before).
SERVE_TWICE = """
import sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

def rebuild():
    config = load_config("mkdocs.yml", site_dir="serve-site")
    config.plugins.on_startup(command="serve", dirty=False)
    build(config)

rebuild()
for path, old, new in [sys.argv[1:4], sys.argv[4:7]]:
    text = Path(path).read_text()
    assert old in text, old
    Path(path).write_text(text.replace(old, new, 1))
rebuild()
"""


def test_a_long_running_serve_publishes_edited_code(project):
    caption, digits = "The sigmoid on the post's grid", "@published(4)\ndef grid_max_derivative"
    edits = ["scripts/sigmoid/figures.py", caption, f"EDITED {caption}",
             "scripts/sigmoid/values.py", digits, digits.replace("(4)", "(6)")]
    result = subprocess.run([sys.executable, "-c", SERVE_TWICE, *edits], cwd=project, env=env_for(project),
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    for site in ("serve-site", "site"):  # what serve showed, then what `make site` publishes
        if site == "site":
            assert build(project).returncode == 0
        page = (project / site / "derivative" / "index.html").read_text()
        assert "EDITED The sigmoid on the post" in page, site
        assert 'data-value="grid_max_derivative">0.250000<' in page, site
