"""The new claims fail a real build of a project copy, naming the file and the line, with the
step and its counterexample; the correct pages build (every other build test builds them)."""

import pytest
from test_build_errors import build, edit, line_of, project  # noqa: F401  (project is a fixture)

pytestmark = pytest.mark.slow

# case: (file, correct text, wrong twin, text on the line the error must name, expected texts)
CASES = {
    "approximation against a published number": (
        "docs/forms.md", r"$s(2) \approx {{ sigmoid_at_two }}$", r"$s(2) \approx {{ derivative_at_two }}$",
        r"$s(2) \approx {{ derivative_at_two }}$", ["inline formula", "does not round to"]),
    "vanishing product": (
        "docs/properties.md", r"\prod_{k=1}^{n} s'(z_k) \le 4^{-n}", r"\prod_{k=1}^{n} s'(z_k) \le 5^{-n}",
        r"\le 5^{-n}", ["step 1 does not hold", "is a counterexample"]),
    "inline limit": (
        "docs/derivative.md", r"$\lim_{x\to\infty} s(x) = 1$", r"$\lim_{x\to\infty} s(x) = 0$",
        r"$\lim_{x\to\infty} s(x) = 0$", ["step 1 does not hold", "the left side is 1"]),
    "a function used before it is defined": (
        "docs/properties.md", r"t(x) := 2\,s(2x) - 1", r"t(x) = 2\,s(2x) - 1",
        r"t(x) = 2\,s(2x) - 1", ["t is not a function this page defined"]),
}


@pytest.mark.parametrize("case", CASES)
def test_wrong_claim_fails_the_build_on_its_line(project, case):  # noqa: F811
    path, old, new, on_line, expected = CASES[case]
    edit(project / path, old, new)
    result = build(project)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    line = line_of(project / path, on_line)
    assert f"{path}:{line}:" in output, f"{path}:{line} not named in:\n{output}"
    for text in expected:
        assert text in output, f"{text!r} missing from:\n{output}"
    assert "Traceback" not in output, output
