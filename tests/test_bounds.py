"""Every sentence that uses a published number as a bound is true at the digits the reader sees.

"It is below 0.01 once |x| exceeds 4.58" was false: the threshold is 4.58486, and s'(4.58) =
0.01005. A bound is published rounded in the direction that keeps its sentence true
(`@published(..., rounds="up")` in sigmoid/values.py, `data-rounded` on the page), and here each
such sentence's claim is evaluated with mpmath, at 50 digits, at the number as printed.

The claims are written from the sentences, with independent oracles (tests/oracles.py); where the
claim is about every x beyond a threshold, it is checked at the threshold, and the function is
monotone beyond it (s' decreases for x > 0 and is even; exp increases)."""

import re

import gelu_forms
import mpmath
import numpy as np
import published
import pytest
from oracles import (
    SAMPLED,
    dgelu,
    ds,
    dsilu,
    dtanh,
    gelu_form_errors,
    max_form_difference,
    measured_float32_upcast_max_ulp,
    measured_max_ulp,
    measured_square_out,
    post_grid_ulps,
    s,
    silu_form_ulps,
    softplus_form_errors,
    tanh_form_ulps,
    worst_ulps,
)
from sigmoid import values  # noqa: F401 (registers the sigmoid's published numbers)
from site_pages import published_numbers

DIGITS = 50  # each claim is evaluated at this precision (mpmath.workdps: no global state changed)
TWO = mpmath.mpf(2)

# name -> (words just before the number in one of its sentences, the claim at the printed number t)
CLAIMS = {
    "saturation_one_percent": ("once |x| exceeds", lambda t: ds(t) < mpmath.mpf("0.01")),
    "derivative_tenth_bound": ("more than", lambda t: ds(t) < mpmath.mpf(1) / 10),
    "vanishing_ten_layers": ("leave at most", lambda t: mpmath.mpf(1) / 4 ** 10 <= t),
    "max_form_difference": ("differ by at most", lambda t: max_form_difference() <= t),
    "post_grid_max_relative_difference": ("differ by up to", lambda t: post_grid_ulps()[3] <= t),
    "post_grid_max_ulp_difference": ("or", lambda t: post_grid_ulps()[2] <= t),
    "post_grid_quotient_max_ulp": ("never more than", lambda t: post_grid_ulps()[0] <= t),
    "post_grid_product_max_ulp": ("is up to", lambda t: post_grid_ulps()[1] <= t),
    "formula_worst_ulps_positive_x": ("is off by up to", lambda t: worst_ulps("formula", 1)[0] <= t),
    "formula_worst_ulps_negative_x": ("and by at most", lambda t: worst_ulps("formula", -1)[0] <= t),
    "autodiff_worst_ulps": ("is at most", lambda t: worst_ulps("autodiff")[0] <= t),
    # np.exp(-x) overflows beyond x = -t: e^t is past the largest float64 (float32)
    "fp64_exp_overflow": ("beyond x = −", lambda t: mpmath.exp(t) >= TWO ** 1024),
    "fp32_exp_overflow": ("in float64 (", lambda t: mpmath.exp(t) >= TWO ** 128),
    "fp64_quotient_zero": ("below −", lambda t: (1 + mpmath.exp(t)) ** 2 >= TWO ** 1024),
    # s(x) rounds to exactly 1 once 1 + e^-x rounds to 1: e^-x at most half the gap above 1
    "fp64_product_zero": ("once x exceeds", lambda t: mpmath.exp(-t) <= TWO ** -53),
    "fp32_product_zero": ("(float64) or", lambda t: mpmath.exp(-t) <= TWO ** -24),
    # the true s' rounds to 0: below half the least subnormal
    "fp64_exact_derivative_zero": ("(beyond", lambda t: ds(t) < TWO ** -1075),
    "fp64_recommended_max_ulp": ("is at most", lambda t: measured_max_ulp(np.float64) <= t),
    "fp32_recommended_max_ulp": ("up to", lambda t: measured_max_ulp(np.float32) <= t),
    "fp32_upcast_max_ulp": ("largest error is",
                            lambda t: measured_float32_upcast_max_ulp() <= t),
    "fp64_square_max_ulp": ("up to", lambda t: measured_square_out("square") <= t),
    "fp64_written_out_max_ulp": ("up to", lambda t: measured_square_out("written_out") <= t),
    # tanh (docs/tanh.md): tanh' = 1/cosh^2 and s' fall for x > 0 and are even
    "tanh_saturation_thousandth": ("once |x| exceeds", lambda t: dtanh(t) < mpmath.mpf(1) / 1000),
    "sigmoid_saturation_thousandth": ("only beyond", lambda t: ds(t) < mpmath.mpf(1) / 1000),
    "tanh_input_form_max_ulp": ("is within", lambda t: tanh_form_ulps("input") <= t),
    # 1 - y^2 is 0 once NumPy's tanh gives 1, and tanh rises: checked at the printed x
    "tanh_output_form_zero": ("exactly 0 from", lambda t: 1 - np.tanh(float(t)) ** 2 == 0),
    "softplus_stable_max_ulp": ("is within", lambda t: softplus_form_errors("softplus") <= t),
    "silu_product_form_max_ulp": ("off by up to", lambda t: silu_form_ulps("silu_derivative_product") <= t),
    "silu_sum_form_max_ulp": ("is within", lambda t: silu_form_ulps("silu_derivative_sum") <= t),
    "gelu_stable_max_ulp_positive": ("is within", lambda t: gelu_form_errors("gelu", positive=True) <= t),
    # the family's table: the slope is below a thousandth in size for every x below -t (each slope
    # tends to 0 monotonically that far left)
    "softplus_saturation_thousandth": ("below −", lambda t: s(-t) < mpmath.mpf(1) / 1000),
    "silu_saturation_thousandth": ("below −", lambda t: abs(dsilu(-t)) < mpmath.mpf(1) / 1000),
    "gelu_saturation_thousandth": ("below −", lambda t: abs(dgelu(-t)) < mpmath.mpf(1) / 1000),
    # the page's gelu_naive is 0 once erf has rounded to -1, and erf rises: checked at the printed x
    "gelu_naive_zero_below": ("and below −", lambda t: gelu_forms.gelu_naive(-float(t)) == 0),
}

# Words that make a number a bound when they come just before it. A number they precede that is
# not a bound says why here.
BOUND_WORDS = re.compile(r"\b(at most|at least|up to|more than|less than|fewer than|below|above|beyond|"
                         r"exceeds?|under|within|never more than|no more than)\W*$", re.I)
NOT_BOUNDS = {}

SCI = re.compile(r"^(−?[\d.]+)\s*×\s*10(−?\d+)$")


def printed(span):
    """The number exactly as the reader sees it (thin spaces, × 10⁻ⁿ, the minus sign)."""
    text = " ".join(span.get_text().replace("\u2009", " ").replace("\u202f", "").split())
    m = SCI.match(text)
    if m:
        return mpmath.mpf(f"{m.group(1)}e{m.group(2)}".replace("−", "-"))
    return mpmath.mpf(text.replace("−", "-").replace(" ", ""))


def words_before(span, n=60):
    """The last n characters of the sentence before the number, as the reader reads them (a formula
    as its TeX, from the plain copy the build puts beside it for search)."""
    block, before = span.find_parent(["p", "li", "td"]), []
    for node in block.descendants:
        if node is span:
            break
        if isinstance(node, str) and not node.find_parent(class_="katex"):
            before.append(node)
    return " ".join("".join(before).split())[-n:]


@pytest.fixture(scope="module")
def spans(pages):
    """Every published number of the site, with its page (found once: a search of every page costs 0.3 s)."""
    return published_numbers(pages)


# A claim about a measurement over a sample (oracles.SAMPLED) takes seconds: make check leaves it out.
@pytest.mark.parametrize("name", [pytest.param(name, marks=pytest.mark.slow) if name in SAMPLED else name
                                  for name in sorted(CLAIMS)])
def test_the_sentence_is_true_at_the_printed_digits(spans, name):
    words, claim = CLAIMS[name]
    shown = [(path, span) for path, span in spans if span["data-value"] == name]
    assert shown, f"no page shows {name}"
    for path, span in shown:
        with mpmath.workdps(DIGITS):
            t = printed(span)
            true = claim(t)
        sentence = f"'… {words_before(span)} {span.get_text()}'"
        assert true, f"{path}: {sentence} is false at the printed {mpmath.nstr(t, 20)}"
    assert any(words in words_before(span) for _, span in shown), \
        f"no sentence with '{words}' just before {name}: the claim here no longer reads the page"


def test_every_bound_on_the_site_has_its_claim_checked(spans):
    """A number rounded as a bound, or preceded by a bound's words, has a claim above."""
    unchecked = []
    for path, span in spans:
        name = span["data-value"]
        if name in CLAIMS or name in NOT_BOUNDS:
            continue
        if span.get("data-rounded") or BOUND_WORDS.search(words_before(span)):
            unchecked.append(f"{path}: '… {words_before(span)} {span.get_text()}' ({name})")
    assert not unchecked, "bounds with no claim in tests/test_bounds.py:\n" + "\n".join(unchecked)


@pytest.mark.parametrize("name", sorted(CLAIMS))
def test_every_checked_bound_is_published_rounded_its_way(spans, name):
    assert {span.get("data-rounded") for _, span in spans if span["data-value"] == name} == {"up"}, \
        f"{name} is not published with rounds='up'"


def test_rounded_to_nearest_these_sentences_would_be_false():
    """The test bites: at the nearest digits the properties and derivative pages printed before
    (4.58, 2.0634, 9.5 × 10⁻⁷, 709.78), their sentences are false."""
    from bs4 import BeautifulSoup

    def false_at_nearest(name):
        fn, digits, style, _ = published.REGISTRY[name]
        html = published.format_number(fn(), digits, style, "nearest")
        with mpmath.workdps(DIGITS):
            return not CLAIMS[name][1](printed(BeautifulSoup(f"<span>{html}</span>", "html.parser").span))

    # Only these four are computed: some other numbers take seconds (JAX, sampled ULP errors).
    for name in ("saturation_one_percent", "derivative_tenth_bound", "vanishing_ten_layers", "fp64_exp_overflow"):
        assert false_at_nearest(name), name


@pytest.mark.parametrize("html, value", [("4.59", "4.59"), ("2.0&thinsp;×&thinsp;10<sup>−12</sup>", "2.0e-12"),
                                         ("10\u202f760", "10760"), ("−0.53", "-0.53")])
def test_printed(html, value):
    from bs4 import BeautifulSoup
    assert printed(BeautifulSoup(f"<span>{html}</span>", "html.parser").span) == mpmath.mpf(value)
