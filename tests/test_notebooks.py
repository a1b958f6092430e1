"""The companion notebooks (docs/notebooks/*.py, jupytext percent format).

A reader's notebook is self-contained NumPy and matplotlib code. These tests run each one
in-process (no kernel: fast) and compare what it computes and draws with the project's own
definitions: blog_post.py's arrays, the published numbers of values.py and the data of the
site's figures. The build runs them again in a real kernel (scripts/sitebuild/notebooks.py)."""

import ast
import contextlib
import io
import json
import traceback
import warnings
from pathlib import Path

import blog_post
import matplotlib.pyplot as plt
import nbformat
import numpy as np
import published as published_numbers
import pytest
from conftest import ROOT
from sigmoid import (
    figures,  # it also selects a non-interactive matplotlib backend
    values,  # noqa: F401 (registers the sigmoid's published numbers)
)
from sitebuild import cache, generate, notebooks
from sitebuild.config import nav_files

SOURCES = sorted((ROOT / "docs" / "notebooks").glob("*.py"))
TOPIC_PAGES = [Path(f).stem for f in nav_files("Notebooks")]  # each notebook shares its page's name
READER_MODULES = {"numpy", "matplotlib", "math"}  # all a downloaded notebook may import (math: Python's own)


def run(path):
    """Run a notebook's code cells in order, as a kernel would. Returns (namespace, printed
    text, [[(x, y) of each line] for each figure shown]); a failing cell fails the test with
    the notebook, the cell and its line."""
    nb = notebooks.load(path)
    namespace, printed, shown = {"__name__": "__main__"}, io.StringIO(), []

    def show(*args, **kwargs):
        fig = plt.gcf()
        shown.append([(line.get_xdata(), line.get_ydata()) for ax in fig.axes for line in ax.get_lines()])
        plt.close(fig)

    original_show, plt.show = plt.show, show
    try:
        for number, cell in enumerate(nb.cells, 1):
            if cell.cell_type != "code":
                continue
            where = f"{path.relative_to(ROOT)} cell {number}"
            try:
                with contextlib.redirect_stdout(printed), warnings.catch_warnings():
                    warnings.simplefilter("error")  # a warning would show on the page
                    exec(compile(cell.source, where, "exec"), namespace)
            except Exception as error:
                lines = [f.lineno for f in traceback.extract_tb(error.__traceback__) if f.filename == where]
                at = f", its line {lines[-1]}: {cell.source.splitlines()[lines[-1] - 1].strip()}" if lines else ""
                failure = f"{where} raised {type(error).__name__}: {error}{at}"
                break
        else:
            failure = None
    finally:
        plt.show = original_show
        plt.close("all")
    if failure:
        pytest.fail(failure, pytrace=False)
    return namespace, printed.getvalue(), shown


@pytest.fixture(scope="module")
def ran():
    cache = {}
    return lambda stem: cache.setdefault(stem, run(ROOT / "docs" / "notebooks" / f"{stem}.py"))


CURVES = {"s", "ds_quotient", "ds_product", "d2s", "d3s", "quarter_power"}  # what a notebook redraws


# A notebook output's width for an image on a 375 px phone, measured in Chromium (the column,
# 343 px, less the output's bar and padding, site.css).
NOTEBOOK_OUTPUT_PX_375 = 300


def test_notebook_figure_text_reads_at_11_px_when_shown_at_1_to_1():
    import figure_style

    assert figure_style.TICKS_PT >= 11 and 0.7 * figure_style.TEXT_PT >= 11  # primes, superscripts
    assert figure_style.NOTEBOOK_FIGSIZE[0] * 72 <= NOTEBOOK_OUTPUT_PX_375


def site_figure(name):
    """[(x, y)] of each curve of one of the site's figures (not its marks, tangents or
    measurements, which the notebooks leave to the page)."""
    figure = next(f for f in figures.FIGURES if f.name == name)
    fig = figure.draw("light")
    data = [(line.get_xdata(), line.get_ydata()) for ax in fig.axes for line in ax.get_lines()
            if line.get_gid() in CURVES and len(line.get_xdata()) > 5]
    plt.close(fig)
    return data


def same_curves(notebook_lines, site_lines):
    key = lambda xy: (len(xy[0]), float(np.sum(xy[1])))
    mine, theirs = sorted(notebook_lines, key=key), sorted(site_lines, key=key)
    return len(mine) == len(theirs) and all(
        np.allclose(a[0], b[0], rtol=0, atol=1e-15) and np.allclose(a[1], b[1], rtol=1e-14, atol=1e-17)
        for a, b in zip(mine, theirs))


def published(name):
    return float(published_numbers.number(name))


# -- every topic page has a notebook that runs -------------------------------------------------

def test_every_topic_page_has_a_companion_notebook():
    assert sorted(p.stem for p in SOURCES) == sorted(TOPIC_PAGES)


@pytest.mark.parametrize("stem", TOPIC_PAGES)
def test_notebook_runs_and_prints(ran, stem):
    _, printed, _ = ran(stem)
    assert printed.strip()


# -- ... and reproduces its page ----------------------------------------------------------------

def test_derivative_notebook_is_the_post_computation(ran):
    ns, printed, shown = ran("derivative")
    for name in ("x", "s", "ds_quotient", "ds_product"):
        assert np.array_equal(ns[name], getattr(blog_post, name)), name
    assert ns["max_difference"] == blog_post.max_difference
    assert len(ns["x"]) == published_numbers.number("grid_points")
    assert ns["ds_product"][ns["peak"]] == pytest.approx(published("grid_max_derivative"), abs=5e-5)
    assert f"{blog_post.max_difference:.2e}" in printed
    # the notebook's reference s(x)s(-x) is a few ULP from the true s' the page compares with
    assert abs(ns["product_ulps"].max() - published("post_grid_product_max_ulp")) <= 4
    assert ns["quotient_ulps"].max() <= published("post_grid_quotient_max_ulp") + 4
    assert len(shown) == 3
    for drawn, name in zip(shown, ["sigmoid", "sigmoid-and-derivative", "both-forms"]):
        assert same_curves(drawn, site_figure(name)), name


def test_forms_notebook_agrees_with_the_published_values(ran):
    ns, _, _ = ran("forms")
    assert len(ns["at_two"]) == 7  # the seven rows of the page's table
    for name, value in ns["at_two"].items():
        assert value == pytest.approx(published("derivative_at_two"), rel=1e-15), name
    assert ns["s"](2.0) == pytest.approx(published("sigmoid_at_two"), rel=1e-15)
    # in ULPs: only the two forms that subtract (1 - s, 1 - tanh^2) lose thousands
    far_off = {name for name, ulps in ns["largest"].items() if ulps > 1000}
    assert far_off == {"s(x) (1 - s(x))", "(1 - tanh^2(x/2)) / 4"}
    assert max(ulps for name, ulps in ns["largest"].items() if name not in far_off) <= 8


def test_questions_notebook_shows_the_bug(ran):
    ns, printed, shown = ran("questions")
    assert ns["right"] == pytest.approx(published("derivative_at_two"), rel=1e-15)
    assert ns["wrong"] == -2
    assert "right: 0.1050, wrong: -2.0000" in printed  # as on the questions page
    assert len(shown) == 1


def test_properties_notebook_agrees_with_the_published_values(ran):
    ns, _, shown = ran("properties")
    assert ns["steepest"][1] == pytest.approx(published("inflection_of_derivative"), rel=1e-13)
    assert ns["steepest"][0] == pytest.approx(-published("inflection_of_derivative"), rel=1e-13)
    assert ns["saturation"] == pytest.approx(published("saturation_one_percent"), rel=1e-13)
    assert ns["gradient"] == pytest.approx(published("wrong_answer_cross_entropy_gradient"), rel=1e-13)
    assert ns["squared_error_gradient"] == pytest.approx(published("wrong_answer_squared_error_gradient"), rel=1e-13)
    assert ns["largest_product"][-1] == published("vanishing_ten_layers")
    assert len(shown) == 2
    assert same_curves(shown[0][:3], site_figure("higher-derivatives"))
    assert same_curves(shown[1], site_figure("vanishing"))


# -- what the build publishes -------------------------------------------------------------------

@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.stem)
def test_downloaded_notebook_is_self_contained_and_stable(path):
    nb = notebooks.load(path)
    assert [c.id for c in nb.cells] == [c.id for c in notebooks.load(path).cells]  # not random
    assert len({c.id for c in nb.cells}) == len(nb.cells)
    copy = notebooks.reader_copy(nb, "https://example.org/notebooks/x/")
    nbformat.validate(copy)
    code = "\n".join(c.source for c in copy.cells if c.cell_type == "code")
    assert "--8<--" not in code
    imported = {a.name.split(".")[0] for node in ast.walk(ast.parse(code))
                if isinstance(node, (ast.Import, ast.ImportFrom))
                for a in (node.names if isinstance(node, ast.Import) else [ast.alias(node.module or "")])}
    assert imported <= READER_MODULES, f"{path.name} needs {imported - READER_MODULES}"
    assert "](../" not in json.dumps(copy)  # links point at the site, not next to the file
    for cell in copy.cells:
        assert cell.cell_type == "markdown" or not cell.outputs


def test_an_include_is_the_project_code_and_part_of_the_cache_key(monkeypatch):
    path = ROOT / "docs" / "notebooks" / "derivative.py"
    nb = notebooks.load(path)
    assert any("def matlab_colon" in c.source and "--8<--" not in c.source for c in nb.cells)
    assert notebooks.included_files(path) == [ROOT / "docs" / "code" / "blog_post.py",
                                              ROOT / "docs" / "code" / "figure_style.py"]
    key = generate.key_of("notebook:derivative")
    read = cache._read  # what a key reads of each file
    monkeypatch.setattr(cache, "_read", lambda p: read(p) + (b"\n" if Path(p).name == "blog_post.py" else b""))
    assert generate.key_of("notebook:derivative") != key


def test_math_is_marked_for_page_math_and_a_stray_dollar_is_an_error():
    html = ('<div class="jp-Cell jp-MarkdownCell"><p>Inline $s(0) = \\frac{1}{2}$ and <code>a $ b</code>.</p>'
            "<p>$$\ns'(0) = \\frac{1}{4}\n$$</p></div>")
    out = notebooks.slim(html, nbformat.v4.new_notebook(), "x.py", "x")
    assert '<span class="arithmatex">\\(s(0) = \\frac{1}{2}\\)</span>' in out
    assert "<div class=\"arithmatex\">\\[\ns'(0) = \\frac{1}{4}\n\\]</div>" in out
    assert "<code>a $ b</code>" in out
    with pytest.raises(notebooks.NotebookError, match=r"x\.py: a \$"):
        notebooks.slim('<div class="jp-Cell jp-MarkdownCell"><p>costs $5</p></div>', None, "x.py", "x")


def test_a_failing_cell_names_the_notebook_the_cell_and_the_line(tmp_path):
    source = tmp_path / "broken.py"
    source.write_text("# %% [markdown]\n# # Broken\n\n# %%\nx = 1\n\n# %%\ny = 2\nz = y / 0\n")
    nb = notebooks.load(source)
    with pytest.raises(notebooks.NotebookError) as error:
        notebooks.execute(nb, "docs/notebooks/broken.py", source.read_text())
    assert str(error.value) == ("docs/notebooks/broken.py:9: cell 3 raised ZeroDivisionError: division by zero"
                                "\n    z = y / 0")



# What jupyter_client raises when a kernel dies before it answers, and when one alive has not
# answered after nbclient's startup timeout (60 s).
NEVER_ANSWERED = ["Kernel died before replying to kernel_info", "Kernel didn't respond in 60 seconds"]


def _kernel_dies(times, monkeypatch, message=NEVER_ANSWERED[0]):
    """NotebookClient.execute raising as nbclient does when a kernel never answers (`message`), the
    first `times` calls; then the real one. Returns the list of calls."""
    from nbclient import NotebookClient
    real, calls = NotebookClient.execute, []

    def execute(self, **options):
        calls.append(self)
        if len(calls) <= times:
            raise RuntimeError(message)
        return real(self, **options)
    monkeypatch.setattr(NotebookClient, "execute", execute)
    return calls


@pytest.mark.parametrize("message", NEVER_ANSWERED, ids=["died", "no answer"])
def test_a_kernel_that_never_answers_is_started_again(tmp_path, monkeypatch, message):
    source = tmp_path / "ok.py"
    source.write_text("# %%\nprint(6 * 7)\n")
    calls = _kernel_dies(1, monkeypatch, message)
    nb = notebooks.execute(notebooks.load(source), "docs/notebooks/ok.py", source.read_text())
    assert len(calls) == 2
    assert [o["text"] for o in nb.cells[0].outputs] == ["42\n"]


def test_a_kernel_that_keeps_dying_fails_with_one_line(tmp_path, monkeypatch):
    source = tmp_path / "ok.py"
    source.write_text("# %%\nprint(6 * 7)\n")
    calls = _kernel_dies(99, monkeypatch)
    with pytest.raises(notebooks.NotebookError) as error:
        notebooks.execute(notebooks.load(source), "docs/notebooks/ok.py", source.read_text())
    assert len(calls) == 3
    assert str(error.value) == ("docs/notebooks/ok.py: the notebook could not be run: RuntimeError: "
                                "Kernel died before replying to kernel_info (3 kernels started)")

# -- the built pages ----------------------------------------------------------------------------

@pytest.mark.parametrize("stem", TOPIC_PAGES)
def test_built_notebook_page_is_slim_and_complete(site, pages, stem):
    folder = site / "notebooks" / stem
    page = (folder / "index.html").read_text()
    soup = pages[f"notebooks/{stem}/index.html"]
    article = soup.select_one("article")
    assert not article.select("style, script, clipboard-copy, .clipboard-copy-txt"), "mkdocs-jupyter's inline assets"
    assert "Copied!" not in page and "data:image" not in page and "mathjax" not in page.lower()
    assert article.select(".katex") and not article.select(".arithmatex")
    assert article.select(".jp-CodeCell .highlight pre > code")
    images = [img["src"] for img in article.select("img")]
    for img in article.select("img"):
        assert (folder / img["src"].split("#")[0]).is_file() and len(img["alt"]) > 40
        # shown at 1:1 (1 pt = 1 CSS px) on a phone too, so its text is as large as it is drawn
        assert int(img["width"]) <= NOTEBOOK_OUTPUT_PX_375, img["src"]
    # every figure in both palettes, the dark one beside the light one (Material shows one)
    light = [src for src in images if src.endswith(".png#only-light")]
    assert [src for src in images if not src.endswith("#only-light")] == [
        src.replace(".png#only-light", "-dark.png#only-dark") for src in light]
    for link in article.select("a[href]"):
        href = link["href"].split("#")[0]
        if href and "://" not in href:
            target = (folder / href)
            assert target.is_file() or (target / "index.html").is_file(), f"broken link {href}"
    nbformat.validate(nbformat.reads((folder / f"{stem}.ipynb").read_text(), as_version=4))
    assert "--8<--" not in (folder / f"{stem}.py").read_text()
    weight = len(page) + sum(f.stat().st_size for f in folder.glob("*.png"))
    assert weight < 0.4 * (weight + 575_000), "mkdocs-jupyter alone inlines 575 KB of CSS into a page"


def test_search_index_has_the_notebooks_text_and_code_but_no_noise(site):
    docs = json.loads((site / "search" / "search_index.json").read_text())["docs"]
    entries = [d for d in docs if d["location"].startswith("notebooks/")]
    text = " ".join(d["title"] + " " + d["text"] for d in entries)
    assert {d["location"].split("/")[1] for d in entries} == set(TOPIC_PAGES)
    assert "def sigmoid_derivative_from_output" in text and "largest s'(x) on the grid" in text
    for noise in ("Copied!", "base64", "Traceback", "jp-", "Download this notebook"):
        assert noise not in text, noise


def test_dark_figures_come_from_the_same_notebook_with_the_dark_style():
    nb = notebooks.load(ROOT / "docs" / "notebooks" / "properties.py")
    dark = notebooks.themed(nb, "properties.py", "dark")
    changed = [(a.source, b.source) for a, b in zip(nb.cells, dark.cells) if a.source != b.source]
    assert len(changed) == 1 and changed[0][1] == changed[0][0].replace(
        'use_site_style("light")', 'use_site_style("dark")')
    plain = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("plt.plot([1, 2])")])
    with pytest.raises(notebooks.NotebookError, match="never calls"):
        notebooks.themed(plain, "x.py", "dark")


def test_a_notebook_figure_is_sized_at_72_per_inch_like_the_site_figures():
    fig, ax = plt.subplots(figsize=(4, 3), dpi=144)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=144)
    plt.close(fig)
    assert notebooks.css_size(buffer.getvalue()) == (288, 216)  # 4 in x 72, 3 in x 72
