# %% [markdown]
# # Equivalent forms, computed
#
# The page [Equivalent forms](../../forms/) derives seven spellings of the sigmoid's
# derivative from one another:
#
# $$
# \begin{aligned}
# s'(x) &= \frac{e^{-x}}{\left(1+e^{-x}\right)^{2}}
#  = \frac{e^{x}}{\left(1+e^{x}\right)^{2}} \\
# &= s(x)\bigl(1-s(x)\bigr) = s(x)\,s(-x) \\
# &= \frac{1}{4\cosh^{2}(x/2)} = \frac{1}{4}\operatorname{sech}^{2}(x/2)
#  = \frac{1}{4}\bigl(1-\tanh^{2}(x/2)\bigr)
# \end{aligned}
# $$
#
# This notebook evaluates all seven with NumPy and compares them.

# %%
import numpy as np


def s(x):
    """The sigmoid."""
    return 1 / (1 + np.exp(-x))


def forms(x):
    """Every form of s'(x) on the page, by name."""
    return {
        "e^(-x) / (1+e^(-x))^2": np.exp(-x) / (1 + np.exp(-x))**2,
        "e^x / (1+e^x)^2": np.exp(x) / (1 + np.exp(x))**2,
        "s(x) (1 - s(x))": s(x) * (1 - s(x)),
        "s(x) s(-x)": s(x) * s(-x),
        "1 / (4 cosh^2(x/2))": 1 / (4 * np.cosh(x / 2)**2),
        "sech^2(x/2) / 4": (1 / np.cosh(x / 2))**2 / 4,
        "(1 - tanh^2(x/2)) / 4": (1 - np.tanh(x / 2)**2) / 4,
    }


# %% [markdown]
# ## All forms agree
#
# On 2001 points from −10 to 10, compare every form with $s(x)\,s(-x)$, which subtracts
# nothing, in units in the last place (ULP): `np.spacing(v)` is the gap from `v` to the next
# float, so the differences are measured relative to the size of the value. Five forms stay
# within a few ULP. The two that subtract, $1 - s(x)$ and $1 - \tanh^2(x/2)$, lose thousands
# of ULP where the result is small, because the subtraction cancels leading digits.

# %%
x = np.linspace(-10, 10, 2001)
values = forms(x)
reference = values["s(x) s(-x)"]
ulp = np.spacing(reference)
largest = {name: np.max(np.abs(v - reference) / ulp) for name, v in values.items()}
for name, difference in largest.items():
    print(f"{name:<24} largest difference {difference:8.0f} ULP")
subtracting = ["s(x) (1 - s(x))", "(1 - tanh^2(x/2)) / 4"]
assert max(d for name, d in largest.items() if name not in subtracting) <= 8
assert min(largest[name] for name in subtracting) > 1000

# %% [markdown]
# ## At x = 2
#
# Every form gives the same slope of the sigmoid at $x = 2$, where the sigmoid itself is
# about 0.8808:

# %%
at_two = {name: float(v) for name, v in forms(np.float64(2)).items()}
for name, value in at_two.items():
    print(f"{name:<24} {value:.10f}")
print(f"{'s(2)':<24} {s(2.0):.10f}")
assert (max(at_two.values()) - min(at_two.values())) / np.spacing(at_two["s(x) s(-x)"]) <= 16

# %% [markdown]
# ## Where they differ in floating point
#
# The forms are equal as real functions, not as computations. Far from the origin some lose
# their accuracy: once $s(x)$ rounds to 1, $1 - s(x)$ is exactly 0, and for very large $x$
# the powers of $e^{x}$ overflow. The relative error of each form, against $s(x)\,s(-x)$,
# which stays accurate:

# %%
far = np.array([10.0, 20.0, 40.0, 400.0])
with np.errstate(over="ignore", invalid="ignore"):
    far_values = forms(far)
    print(f"{'x =':<24}" + "".join(f"{v:>10g}" for v in far))
    for name, v in far_values.items():
        relative = np.abs(v / far_values["s(x) s(-x)"] - 1)
        print(f"{name:<24}" + "".join(f"{r:10.0e}" for r in relative))
