"""The figures' palettes are colour-blind safe in both themes: every pair of curve colours stays
apart under simulated deuteranopia, protanopia and tritanopia, and every colour stands out from
the page's background (WCAG 2 non-text contrast, 3:1)."""

import itertools

import numpy as np
import pytest
from sigmoid import plotstyle

# Machado, Oliveira & Fernandes (2009), "A physiologically-based model for simulation of color
# vision deficiency", IEEE TVCG 15(6), severity 1.0 matrices, applied to linear RGB
# (https://www.inf.ufrgs.br/~oliveira/pubs_files/CVD_Simulation/CVD_Simulation.html).
MACHADO = {
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]],
}
MIN_DELTA_E = 20  # CIE76 distance in CIELAB; about 2.3 is a just-noticeable difference
MIN_CONTRAST = 3.0


def linear(hex_colour):
    rgb = np.array([int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)])
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)


def lab(lin):
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ lin
    t = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def contrast(a, b):
    la, lb = (float(np.array([0.2126, 0.7152, 0.0722]) @ linear(c)) for c in (a, b))
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def test_the_simulation_merges_red_and_green():
    """The check can fail: pure red and green nearly merge for a deuteranope, not for others."""
    red, green = linear("#d62728"), linear("#2ca02c")
    seen = {name: np.linalg.norm(lab(np.clip(np.array(m) @ red, 0, 1)) - lab(np.clip(np.array(m) @ green, 0, 1)))
            for name, m in MACHADO.items()}
    assert seen["deuteranopia"] < MIN_DELTA_E < np.linalg.norm(lab(red) - lab(green))


@pytest.mark.parametrize("theme", plotstyle.THEMES)
@pytest.mark.parametrize("vision", MACHADO)
def test_every_pair_of_curve_colours_stays_apart(theme, vision):
    matrix = np.array(MACHADO[vision])
    for a, b in itertools.combinations(plotstyle.THEMES[theme]["colors"], 2):
        seen = [lab(np.clip(matrix @ linear(c), 0, 1)) for c in (a, b)]
        assert np.linalg.norm(seen[0] - seen[1]) >= MIN_DELTA_E, f"{theme}: {a} and {b} merge for {vision}"


@pytest.mark.parametrize("theme", plotstyle.THEMES)
def test_every_colour_stands_out_from_the_page(theme):
    colours = plotstyle.THEMES[theme]
    for colour in [*colours["colors"], colours["text"]]:
        assert contrast(colour, colours["background"]) >= MIN_CONTRAST, f"{theme}: {colour}"


@pytest.mark.parametrize("theme", plotstyle.THEMES)
def test_floating_point_forms_differ_by_line_style_or_by_colour(theme):
    """Seven forms share one plot: those drawn with the same line style must differ in colour
    for every reader, and every one stands out from the page."""
    from sigmoid import floating_point_figures as fpfig

    forms, background = fpfig.THEMES[theme]["forms"], fpfig.THEMES[theme]["background"]
    for colour in forms.values():
        assert contrast(colour, background) >= MIN_CONTRAST, f"{theme}: {colour}"
    for (a, colour_a), (b, colour_b) in itertools.combinations(forms.items(), 2):
        if str(fpfig.STYLES[a]) != str(fpfig.STYLES[b]):
            continue
        for vision, matrix in MACHADO.items():
            seen = [lab(np.clip(np.array(matrix) @ linear(c), 0, 1)) for c in (colour_a, colour_b)]
            assert np.linalg.norm(seen[0] - seen[1]) >= MIN_DELTA_E, f"{theme}: {a} and {b} merge for {vision}"
