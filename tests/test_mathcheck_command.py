"""The checker as a command over Markdown files (python -m sitebuild.mathcheck), on a second, tiny
site that knows nothing of the sigmoid (tests/sites/gaussian: the Gaussian's slope, the tangent's
derivative, its own function declared in its own mkdocs.yml), and on this site's own pages."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TINY = ROOT / "tests" / "sites" / "gaussian"


def command(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "sitebuild.mathcheck", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=600)


def line_of(path, text):
    content = path.read_text()
    assert text in content, f"fixture out of date: {text!r}"
    return content.count("\n", 0, content.index(text)) + 1


@pytest.fixture
def tiny(tmp_path):
    return Path(shutil.copytree(TINY, tmp_path / "gaussian"))


def with_audit_record(site, checker):
    """The site's mkdocs.yml names an audit record (the plugin's audit_record), made by `checker`."""
    (site / "audit.json").write_text(json.dumps({"checker": checker, "command": "make audit", "caught": 3}))
    config = site / "mkdocs.yml"
    entry = "  - mathcheck:\n"
    config.write_text(config.read_text().replace(entry, entry + "      audit_record: audit.json\n"))


@pytest.mark.slow  # checks a site from scratch (SymPy in a fresh process)
def test_the_tiny_site_is_checked_with_its_own_vocabulary(tiny):
    result = command("--config", tiny / "mkdocs.yml", tiny / "docs")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "6 formulas in 2 files: every checked formula holds"
    # Without its declaration of \varphi the same pages cannot be read: the vocabulary is the site's.
    bare = command(tiny / "docs")
    assert bare.returncode == 1
    assert "gaussian.md:3: inline formula 1 cannot be checked" in bare.stderr
    assert "is not a function this page defined" in bare.stderr


@pytest.mark.slow  # checks a site from scratch (SymPy in a fresh process)
def test_every_wrong_step_of_every_page_is_reported_in_one_run(tiny):
    gaussian, tangent = tiny / "docs" / "gaussian.md", tiny / "docs" / "tangent.md"
    plants = [(gaussian, r"\cdot\left(-x\right)", r"\cdot\left(-2x\right)"),
              (gaussian, r"-\frac{1}{\sqrt{2\pi e}}", r"-\frac{1}{\sqrt{2\pi}}"),
              (tangent, r"&= 1 + \tan^{2} x", r"&= 1 - \tan^{2} x")]
    for path, old, new in plants:
        path.write_text(path.read_text().replace(old, new, 1))
    result = command("--config", tiny / "mkdocs.yml", "--", tiny / "docs")
    assert result.returncode == 1
    lines = [f"{path.as_posix()}:{line_of(path, new)}: " for path, _, new in plants]
    reported = [line for line in result.stderr.splitlines() if "has a wrong step" in line]
    assert reported == [place + f"equation {n} has a wrong step:" for place, n in zip(lines, (1, 2, 1))]
    # (the tangent page's front matter is counted: the line is the file's own)
    assert "6 formulas in 2 files: 3 cannot be checked or do not hold" in result.stderr


def test_bad_arguments_are_one_line_not_a_traceback(tiny):
    missing = command("--config", tiny / "mkdocs.yml", tiny / "nowhere")
    assert missing.returncode == 2 and missing.stderr.startswith("error: ") and "Traceback" not in missing.stderr
    (tiny / "plain.yml").write_text("markdown_extensions:\n  - pymdownx.arithmatex\n")
    not_generic = command("--config", tiny / "plain.yml", tiny / "docs")
    assert not_generic.returncode == 2 and "generic" in not_generic.stderr


def test_the_command_needs_no_site_generator():
    probe = ("import sys; from sitebuild.mathcheck import command, page_math, prove, reader; "
             "print(sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material', 'sigmoid')))")
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


@pytest.mark.slow  # converts every page in a fresh process
def test_this_sites_pages_pass_the_command(site):
    """The same verdict as the build (which the site fixture ran) on every page, through the command,
    with the build's published numbers and its cache of checked formulas."""
    result = command("--config", "mkdocs.yml", "--values", "generated/values.json", "--cache", ".cache/math.json",
                     "docs")
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith(": every checked formula holds\n"), result.stdout
    from sitebuild import audit  # its reading of a page's formulas: the marks in math, not in code

    marked = sum("\\unchecked{" in tex for p in (ROOT / "docs").rglob("*.md")
                 for _, tex, _ in audit.formulas(p.read_text()))
    assert (f", {marked} marked not machine-checked:" in result.stdout) == (marked > 0), result.stdout


def mkdocs_build(site, tmp_path):
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "built")],
                          cwd=site, capture_output=True, text=True, timeout=600)


@pytest.mark.slow  # checks a site from scratch (SymPy in a fresh process)
def test_the_tiny_site_builds_with_the_plugin_and_every_error_fails_it(tiny, tmp_path):
    """The checker as a MkDocs plugin (mkdocs_plugin.py), added to the tiny site's mkdocs.yml in a
    few lines: the site builds with its formulas checked and rendered; two wrong steps on two pages
    are both named, with file and line, and fail the build. Its audit record, made by this checker,
    passes."""
    from sitebuild.mathcheck.page_math import audit_key
    with_audit_record(tiny, audit_key())
    built = mkdocs_build(tiny, tmp_path)
    assert built.returncode == 0, built.stderr
    assert "mathcheck: formulas checked anew: 6; 0 formulas not machine-checked; 0 error(s)" in built.stderr
    page = (tmp_path / "built" / "gaussian" / "index.html").read_text()
    assert page.count('class="math-marked"') == 2 and 'class="arithmatex"' not in page
    assert (tmp_path / "built" / "assets" / "katex" / "katex.min.css").is_file()
    gaussian, tangent = tiny / "docs" / "gaussian.md", tiny / "docs" / "tangent.md"
    for path, old, new in [(gaussian, r"\cdot\left(-x\right)", r"\cdot\left(-2x\right)"),
                           (tangent, r"&= 1 + \tan^{2} x", r"&= 1 - \tan^{2} x")]:
        path.write_text(path.read_text().replace(old, new, 1))
    failed = mkdocs_build(tiny, tmp_path)
    assert failed.returncode != 0
    assert f"docs/gaussian.md:{line_of(gaussian, '-2x')}: equation 1 has a wrong step" in failed.stderr
    tangent_line = line_of(tangent, r"1 - \tan")
    assert f"docs/tangent.md:{tangent_line}: equation 1 has a wrong step" in failed.stderr
    assert "2 formula(s) cannot be checked or do not hold" in failed.stderr
    assert "Traceback" not in failed.stderr


@pytest.mark.slow  # checks a site from scratch (SymPy in a fresh process)
def test_an_audit_record_made_by_another_checker_fails_the_build_and_the_command(tiny, tmp_path):
    """A page that shows an audit's figure never shows one today's checker did not earn."""
    with_audit_record(tiny, "0" * 16)
    stale = "audit.json was made by another version of the checker (0000000000000000; now "
    built = mkdocs_build(tiny, tmp_path)
    assert built.returncode != 0 and stale in built.stderr, built.stderr
    assert "run `make audit` again" in built.stderr and "Traceback" not in built.stderr
    checked = command("--config", tiny / "mkdocs.yml", tiny / "docs")
    assert checked.returncode == 1 and stale in checked.stderr, checked.stderr
    assert "every checked formula holds" in checked.stdout  # the formulas themselves are fine
    (tiny / "audit.json").unlink()
    missing = mkdocs_build(tiny, tmp_path)
    assert missing.returncode != 0 and "audit.json: the audit record is missing" in missing.stderr


def test_the_plugin_is_registered_for_mkdocs():
    from importlib.metadata import entry_points

    (plugin,) = [e for e in entry_points(group="mkdocs.plugins") if e.name == "mathcheck"]
    from sitebuild.mathcheck.mkdocs_plugin import MathCheckPlugin
    assert plugin.load() is MathCheckPlugin


@pytest.mark.slow  # checks a site from scratch (SymPy in a fresh process)
def test_the_site_says_whether_inline_formulas_are_claims(tiny):
    """The plugin's inline_claims option, read by the command from the same mkdocs.yml."""
    page = tiny / "docs" / "gaussian.md"
    page.write_text(page.read_text() + "\nAt the top, $\\varphi(0) = 1$.\n")  # wrong: it is 1/sqrt(2 pi)
    claimed = command("--config", tiny / "mkdocs.yml", tiny / "docs")
    assert claimed.returncode == 1 and "inline formula" in claimed.stderr and "left side is 0.39" in claimed.stderr
    config = tiny / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - mathcheck:\n", "  - mathcheck:\n      inline_claims: false\n"))
    left = command("--config", config, tiny / "docs")
    assert left.returncode == 0, left.stderr
