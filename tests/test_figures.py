"""Figures are tested by what they draw: each plotted line's data against an independent
high-precision evaluation of the function its gid names."""

import matplotlib.pyplot as plt
import mpmath
import pytest
from oracles import EXPLORER_PRESETS, LINES, ds, s
from sigmoid import figures
from sitebuild import generate

# fp-: test_floating_point_figures.py
FUNCTION_FIGURES = [f for f in generate.all_figures() if not f.name.startswith("fp-")]


FLOORS = {"ulp_difference": figures.ZERO_ULP_AT}  # a log axis draws 0 at this height
OWN_TESTS = {"measured_median"}  # test_vanishing_stack_is_measured_again_by_finite_differences


def draw(figure, theme, layout):
    return figure.draw(theme, layout) if figure.narrow else figure.draw(theme)


@pytest.mark.parametrize("figure", FUNCTION_FIGURES, ids=lambda f: f.name)
@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("layout", ["wide", "narrow"])
def test_lines_draw_the_functions_they_name(figure, theme, layout):
    fig = draw(figure, theme, layout)
    lines = [line for ax in fig.axes for line in ax.get_lines()
             if line.get_gid() and line.get_gid() not in OWN_TESTS]
    assert lines, f"{figure.name}: no line names the function it draws"
    for line in lines:
        if line.get_gid() not in LINES:
            pytest.fail(f"{figure.name}: the line with gid '{line.get_gid()}' has no oracle: add the function "
                        f"it draws to LINES in tests/oracles.py", pytrace=False)
        oracle, floor = LINES[line.get_gid()], FLOORS.get(line.get_gid(), -mpmath.inf)
        xs, ys = line.get_xdata(), line.get_ydata()
        assert len(xs) > 5 or line.get_linestyle() == "None", "a line needs samples (a marker may be one point)"
        for xv, yv in zip(xs, ys):
            assert float(max(oracle(float(xv)), floor)) == pytest.approx(float(yv), rel=1e-12, abs=1e-15), \
                f"{figure.name}/{line.get_gid()} at x = {xv}"
    plt.close(fig)


@pytest.mark.parametrize("x0", [*EXPLORER_PRESETS.values(), -10, 10], ids=str)
def test_explorer_picture_tangent_point_and_rectangle(x0):
    """The explorer's static picture at x0: the tangent through (x0, s(x0)) has slope s'(x0), the
    points sit on s and s', and the rectangle has sides s(x0), 1 - s(x0) and area s'(x0)."""
    fig = figures.draw_explorer("light", float(x0))
    curves, square = fig.axes
    lines = {}
    for line in curves.get_lines():
        lines.setdefault(line.get_gid(), []).append(line)
    (tangent,) = [line for gid, group in lines.items() if gid and gid.startswith("tangent_at_") for line in group]
    (x1, *_, x2), (y1, *_, y2) = tangent.get_xdata(), tangent.get_ydata()
    assert (y2 - y1) / (x2 - x1) == pytest.approx(float(ds(x0)), rel=1e-12, abs=1e-16)
    assert y1 + (y2 - y1) * (float(x0) - x1) / (x2 - x1) == pytest.approx(float(s(x0)), rel=1e-12)
    points = {gid: line for gid, group in lines.items() for line in group if line.get_linestyle() == "None"}
    assert points["s"].get_ydata()[0] == pytest.approx(float(s(x0)), rel=1e-12)
    assert points["ds_product"].get_ydata()[0] == pytest.approx(float(ds(x0)), rel=1e-12)
    (rectangle,) = [p for p in square.patches if p.get_gid() == "area_ds"]
    assert rectangle.get_xy() == (0, 0)
    assert rectangle.get_width() == pytest.approx(float(s(x0)), rel=1e-12)
    assert rectangle.get_height() == pytest.approx(float(1 - s(x0)), rel=1e-12)  # 1 - s, not rounded to 0
    assert rectangle.get_width() * rectangle.get_height() == pytest.approx(float(ds(x0)), rel=1e-12)
    assert square.get_xlim() == (0, 1) and square.get_ylim() == (0, 1)
    plt.close(fig)


def test_derivative_figure_marks_the_maximum_quarter_at_zero():
    fig = figures.draw_sigmoid_and_derivative("light")
    points = [(x, y) for line in fig.axes[0].get_lines() if line.get_gid() == "ds_product"
              for x, y in zip(line.get_xdata(), line.get_ydata()) if len(line.get_xdata()) == 1]
    assert (0, ds(0)) in points and ds(0) == mpmath.mpf(1) / 4
    plt.close(fig)


def test_higher_derivatives_mark_where_the_derivative_is_one_sixth():
    fig = figures.draw_higher_derivatives("dark", "narrow")
    (marks,) = [line for line in fig.axes[0].get_lines() if line.get_gid() == "ds_product" and
                line.get_linestyle() == "None"]
    where = EXPLORER_PRESETS["ln(2+sqrt3)"]
    assert list(marks.get_xdata()) == pytest.approx([-float(where), float(where)], rel=1e-14)
    assert list(marks.get_ydata()) == pytest.approx([1 / 6, 1 / 6], rel=1e-14)
    assert LINES["d3s"](where) == pytest.approx(0, abs=1e-20)  # where the third derivative is 0
    plt.close(fig)


def test_both_forms_show_the_product_form_drifting_in_ulps():
    fig = figures.draw_both_forms("light")
    (line,) = [line for line in fig.axes[1].get_lines() if line.get_gid() == "ulp_difference"]
    x, y = line.get_xdata(), line.get_ydata()
    assert max(y[x < 0]) <= 2 and max(y[x > 9]) > 1000  # cancellation in 1 - s grows with x
    plt.close(fig)


def test_vanishing_stack_is_measured_again_by_finite_differences():
    """Each gradient ratio of the stack again, from a Jacobian by central differences (not
    backpropagation), and never above the bound 4^-n."""
    import numpy as np

    weights, biases, inputs, upstream, ratios = figures.gradient_stack()

    def forward(h, n):
        for w, b in zip(weights[:n], biases[:n]):
            h = 1 / (1 + np.exp(-(w @ h + b)))
        return h

    step = 1e-6
    for i in (0, 17, 63):
        for n in (1, 4, len(weights)):
            jac = np.column_stack([(forward(inputs[i] + step * e, n) - forward(inputs[i] - step * e, n)) / (2 * step)
                                   for e in np.eye(len(inputs[i]))])
            ratio = np.linalg.norm(jac.T @ upstream[i]) / np.linalg.norm(upstream[i])
            # differences of outputs near 1 lose about eps / step of a gradient as small as 1e-7
            assert ratios[i, n - 1] == pytest.approx(ratio, rel=1e-3)
    for n in range(1, len(weights) + 1):
        assert ratios[:, n - 1].max() <= float(LINES["quarter_power"](n))
    fig = figures.draw_vanishing("light")
    (median,) = [line for line in fig.axes[0].get_lines() if line.get_gid() == "measured_median"]
    assert list(median.get_ydata()) == pytest.approx(list(np.median(ratios, axis=0)), rel=1e-15)
    plt.close(fig)


def test_explorer_presets_are_the_places_the_pages_name():
    assert float(ds(EXPLORER_PRESETS["ln(2+sqrt3)"])) == pytest.approx(1 / 6, rel=1e-15)
    assert ds(EXPLORER_PRESETS["0"]) == mpmath.mpf(1) / 4
    assert ds(EXPLORER_PRESETS["8"]) < 1e-3


def test_the_post_grid_is_minus_ten_to_ten_in_tenths():
    x = figures.draw_sigmoid("light").axes[0].get_lines()[0].get_xdata()
    assert len(x) == 201 and x[0] == -10 and x[-1] == 10 and x[100] == 0
    assert max(abs(v - (k - 100) / 10) for k, v in enumerate(x)) < 1e-14


@pytest.mark.parametrize("figure", generate.all_figures(), ids=lambda f: f.name)
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
