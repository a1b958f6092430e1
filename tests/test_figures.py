"""Figures are tested by what they draw: each plotted line's data against an independent
high-precision evaluation of the function its gid names."""

import matplotlib.pyplot as plt
import pytest
from oracles import LINES
from sigmoid import figures
from sitebuild import generate

FUNCTION_FIGURES = [f for f in figures.FIGURES if not f.name.startswith("fp-")]  # fp-: test_floating_point_figures.py


@pytest.mark.parametrize("figure", FUNCTION_FIGURES, ids=lambda f: f.name)
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_lines_draw_the_functions_they_name(figure, theme):
    fig = figure.draw(theme)
    lines = [line for ax in fig.axes for line in ax.get_lines() if line.get_gid()]
    assert lines, f"{figure.name}: no line names the function it draws"
    for line in lines:
        if line.get_gid() not in LINES:
            pytest.fail(f"{figure.name}: the line with gid '{line.get_gid()}' has no oracle: add the function "
                        f"it draws to LINES in tests/oracles.py", pytrace=False)
        oracle = LINES[line.get_gid()]
        xs, ys = line.get_xdata(), line.get_ydata()
        assert len(xs) > 5
        for xv, yv in zip(xs, ys):
            assert float(oracle(float(xv))) == pytest.approx(float(yv), rel=1e-12, abs=1e-15), \
                f"{figure.name}/{line.get_gid()} at x = {xv}"
    plt.close(fig)


def test_the_post_grid_is_minus_ten_to_ten_in_tenths():
    x = figures.draw_sigmoid("light").axes[0].get_lines()[0].get_xdata()
    assert len(x) == 201 and x[0] == -10 and x[-1] == 10 and x[100] == 0
    assert max(abs(v - (k - 100) / 10) for k, v in enumerate(x)) < 1e-14


@pytest.mark.parametrize("figure", figures.FIGURES, ids=lambda f: f.name)
def test_alt_text_and_caption(figure):
    assert len(figure.alt) > 40 and figure.caption


def test_svgs_are_byte_identical_across_renders():
    import matplotlib
    matplotlib.rcParams["svg.hashsalt"] = "sigmoid-site"
    first = generate.render_svg(figures.draw_both_forms("dark"))
    second = generate.render_svg(figures.draw_both_forms("dark"))
    assert first == second and "<dc:date>" not in first


def test_light_and_dark_variants_differ_in_colour_only():
    light = generate.render_svg(figures.draw_sigmoid("light"))
    dark = generate.render_svg(figures.draw_sigmoid("dark"))
    assert light != dark and len(light.splitlines()) == len(dark.splitlines())
