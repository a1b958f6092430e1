"""Every published number, recomputed independently (mpmath at 40 digits, exact arithmetic,
or plain-Python floats for the rounding experiment) and compared at its displayed precision."""

import re

import pytest
from oracles import SAMPLED, VALUES
from site_pages import published_numbers

SCI = re.compile(r"^(−?[\d.]+)\s*×\s*10(−?\d+)$")


def displayed(span):
    """(value, half a unit in the last displayed digit) from a published-number span."""
    text = " ".join(span.get_text().replace("\u2009", " ").replace("\u202f", "").split())
    m = SCI.match(text)
    if m:
        mantissa, exponent = m.group(1).replace("−", "-"), int(m.group(2).replace("−", "-"))
        decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
        return float(mantissa) * 10.0 ** exponent, 0.5 * 10.0 ** (exponent - decimals)
    number = text.replace("−", "-").replace(" ", "")
    decimals = len(number.split(".")[1]) if "." in number else 0
    return float(number), 0.5 * 10.0 ** -decimals




def test_pages_publish_numbers(pages):
    assert len(published_numbers(pages)) >= 10


def test_every_published_number_matches_an_independent_oracle(pages):
    assert check_published_numbers(pages, sampled=False) > 100


@pytest.mark.slow  # measures code over grids and samples (oracles.SAMPLED): seconds
def test_every_published_measurement_over_a_sample_matches_an_independent_oracle(pages):
    assert check_published_numbers(pages, sampled=True) > 20


def check_published_numbers(pages, sampled):
    """Compares each published number that is (or is not) in oracles.SAMPLED with its oracle at its
    displayed precision; returns how many it compared."""
    compared = 0
    for path, span in published_numbers(pages):
        name = span["data-value"]
        if (name in SAMPLED) != sampled:
            continue
        if name not in VALUES:
            pytest.fail(f"{path}: the published number '{name}' has no independent oracle: add one to "
                        f"VALUES in tests/oracles.py (mpmath, exact arithmetic or a closed form)", pytrace=False)
        shown, half_unit = displayed(span)
        truth = VALUES[name]()
        # A bound is rounded away from the truth in the direction its span says: up to a whole
        # unit in the last digit, and never on the wrong side of it.
        low, high = {"up": (0, 2), "down": (-2, 0)}.get(span.get("data-rounded"), (-1, 1))
        if isinstance(truth, tuple):
            least, most = truth  # a bound rounded up may show up to a unit above the most, as above
            assert least + low * half_unit <= shown <= most + (high - 1) * 2 * half_unit * (1 + 1e-9), \
                f"{path}: {name} shows {shown}, not in [{least}, {most}]"
        else:
            truth = float(truth)
            assert truth + low * half_unit * (1 + 1e-9) <= shown <= truth + high * half_unit * (1 + 1e-9), \
                f"{path}: {name} shows {shown}, truth {truth} (rounded {span.get('data-rounded', 'to nearest')})"
        compared += 1
    return compared


@pytest.mark.parametrize("text, value", [("1.5 × 10−16", 1.5e-16), ("0.2500", 0.25), ("1 048 576", 1048576)])
def test_display_parser(text, value):
    from bs4 import BeautifulSoup
    span = BeautifulSoup(f'<span class="value">{text}</span>', "html.parser").span
    assert displayed(span)[0] == pytest.approx(value)
