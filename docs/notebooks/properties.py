# %% [markdown]
# # Properties, computed
#
# Numerical checks of the page [Properties](../../properties/): the symmetry of the sigmoid,
# the maximum of one quarter, the relation to tanh, the logit and softplus, the zeros of
# $s''$ and $s'''$, the gradient of the logistic loss, and vanishing gradients.

# %%
import matplotlib.pyplot as plt
import numpy as np

# %% [markdown]
# The plots use the site's style: its fonts, and colours that colour-blind readers can tell
# apart, for a light (or, with `"dark"`, a dark) background:

# %%
# --8<-- "figure_style.py:notebook"
use_site_style("light")

# %%
def s(x):
    """The sigmoid."""
    return 1 / (1 + np.exp(-x))


def ds(x):
    """s'(x) = s(x)(1 - s(x))."""
    return s(x) * (1 - s(x))


x = np.linspace(-10, 10, 2001)
# The checks below compare absolute differences with eps, the gap between 1 and the next float:
# an absolute tolerance at the scale of the largest values here (at most 1). It does not say the
# small values agree to the last digit: their floats are far closer together.
eps = np.finfo(np.float64).eps

# %% [markdown]
# ## Symmetry
#
# $$
# s(-x) = 1 - s(x)
# $$
#
# and so the derivative is even, $s'(-x) = s'(x)$:

# %%
symmetry = np.max(np.abs(s(-x) - (1 - s(x))))
even = np.max(np.abs(ds(-x) - ds(x)))
print(f"largest |s(-x) - (1 - s(x))|: {symmetry:.1e}")
print(f"largest |s'(-x) - s'(x)|:     {even:.1e}")
assert symmetry < eps and even < eps

# %% [markdown]
# ## The maximum is one quarter
#
# $$
# s'(0) = \frac{1}{4}
# $$
#
# With $p = s(x)$, $p(1-p) = \frac{1}{4} - \left(p - \frac{1}{2}\right)^{2}$, which is never
# larger than one quarter. The derivative falls below 0.01 once $|x|$ passes the point where
# the product $p(1-p)$ is 0.01:

# %%
peak = np.argmax(ds(x))
print(f"largest s'(x): {ds(x)[peak]} at x = {x[peak]:g}")
p = (1 + np.sqrt(1 - 4 * 0.01)) / 2  # the larger root of p(1 - p) = 0.01
saturation = np.log(p / (1 - p))     # x = logit(p)
print(f"s'(x) < 0.01 for |x| > {saturation:.4f}")
assert ds(x)[peak] == 0.25 and x[peak] == 0
assert np.all(ds(x[np.abs(x) > saturation]) < 0.01)

# %% [markdown]
# ## Tanh, logit and softplus
#
# $$
# \tanh(x) = 2\,s(2x) - 1
# $$
#
# the logit $\ln\frac{p}{1-p}$ undoes the sigmoid, and the sigmoid is the slope of softplus,
# $\ln\left(1+e^{x}\right)$:

# %%
tanh_error = np.max(np.abs(np.tanh(x) - (2 * s(2 * x) - 1)))
probabilities = np.linspace(0.01, 0.99, 99)
logits = np.log(probabilities / (1 - probabilities))
logit_error = np.max(np.abs(s(logits) - probabilities))
h = 1e-5
softplus_slope = (np.log1p(np.exp(x + h)) - np.log1p(np.exp(x - h))) / (2 * h)
softplus_error = np.max(np.abs(softplus_slope - s(x)))
print(f"tanh(x) against 2 s(2x) - 1:           {tanh_error:.1e}")
print(f"s(logit(p)) against p:                 {logit_error:.1e}")
print(f"slope of softplus against s(x):        {softplus_error:.1e}")
assert tanh_error < 4 * eps and logit_error < 4 * eps and softplus_error < 1e-9

# %% [markdown]
# ## Higher derivatives and their zeros
#
# $$
# s''(x) = s(x)\bigl(1-s(x)\bigr)\bigl(1-2s(x)\bigr)
# $$
#
# $$
# s'''(x) = s'(x)\bigl(1-6s(x)+6s(x)^{2}\bigr)
# $$
#
# $s''$ is zero where the sigmoid is one half, at $x = 0$. $s'''$ is zero where
# $1 - 6p + 6p^{2}$ is, with $p = s(x)$; the logit of those two roots gives
# $x = \pm\ln\bigl(2+\sqrt{3}\bigr)$, where the slope is exactly one sixth:
#
# $$
# s'\bigl(\ln(2+\sqrt{3})\bigr) = \frac{1}{6}
# $$

# %%
def d2s(x):
    return ds(x) * (1 - 2 * s(x))


def d3s(x):
    return ds(x) * (1 - 6 * s(x) + 6 * s(x)**2)


# The formulas against central differences of the one before.
assert np.max(np.abs(d2s(x) - (ds(x + h) - ds(x - h)) / (2 * h))) < 1e-9
assert np.max(np.abs(d3s(x) - (d2s(x + h) - d2s(x - h)) / (2 * h))) < 1e-9

roots = np.sort(np.roots([6, -6, 1]))      # 6p^2 - 6p + 1 = 0
steepest = np.log(roots / (1 - roots))     # x = logit(p)
print(f"s''(0) = {d2s(0.0)}")
print(f"s''' is zero at x = {steepest[0]:.4f} and x = {steepest[1]:.4f}")
print(f"ln(2 + sqrt(3)) = {np.log(2 + np.sqrt(3)):.4f}")
print(f"s' there: {ds(steepest[1]):.6f}, and 1/6 = {1 / 6:.6f}")
assert d2s(0.0) == 0 and np.allclose(d3s(steepest), 0, atol=eps)
assert np.isclose(steepest[1], np.log(2 + np.sqrt(3)))
assert np.isclose(ds(steepest[1]), 1 / 6)

# %% alt="s′, s″ and s‴ for x from −6 to 6; dotted vertical lines at x = ±1.317 mark the zeros of s‴, where s′ is steepest."
grid = np.linspace(-6, 6, 241)
fig, ax = plt.subplots(layout="constrained")
ax.plot(grid, ds(grid), color="C1", label="$s'(x)$")
ax.plot(grid, d2s(grid), color="C2", linestyle=(0, (6, 2)), label="$s''(x)$")
ax.plot(grid, d3s(grid), color="C3", linestyle=(0, (2, 1.5)), label="$s'''(x)$")
for where in steepest:
    ax.axvline(where, color="gray", linewidth=0.8, linestyle=":")
ax.set_xlabel("$x$")
ax.set_ylim(-0.16, 0.37)
ax.legend(loc="upper left", labelspacing=0.2)
plt.show()

# %% [markdown]
# ## The logistic loss: why cross-entropy
#
# $$
# \frac{\partial}{\partial z}\Bigl[-y\ln s(z) - (1-y)\ln\bigl(1-s(z)\bigr)\Bigr] = s(z) - y
# $$
#
# $$
# \frac{\partial}{\partial z}\Bigl[\frac{1}{2}\bigl(s(z) - y\bigr)^{2}\Bigr] = \bigl(s(z) - y\bigr)\,s'(z)
# $$
#
# For a confidently wrong answer, $z = -5$ with $y = 1$, from the formulas and measured:

# %%
def cross_entropy(z, y):
    return -y * np.log(s(z)) - (1 - y) * np.log(1 - s(z))


def squared_error(z, y):
    return (s(z) - y) ** 2 / 2


z, label = -5.0, 1
gradient = s(z) - label
squared_error_gradient = (s(z) - label) * ds(z)
measured = (cross_entropy(z + h, label) - cross_entropy(z - h, label)) / (2 * h)
measured_squared = (squared_error(z + h, label) - squared_error(z - h, label)) / (2 * h)
print(f"cross-entropy: s(z) - y = {gradient:.4f}, measured: {measured:.4f}")
print(f"squared error: (s(z) - y) s'(z) = {squared_error_gradient:.2e}, measured: {measured_squared:.2e}")
print(f"the squared error's gradient is {gradient / squared_error_gradient:.0f} times smaller")
assert abs(gradient - measured) < 1e-9 and abs(squared_error_gradient - measured_squared) < 1e-9

# %% [markdown]
# ## Vanishing gradients
#
# Backpropagation through $n$ sigmoid layers multiplies $n$ factors $s'$, each at most one
# quarter:

# %% alt="A log-scale plot of (1/4) to the power n for n from 1 to 10: a straight line falling by a factor of four per layer, to about one in a million at ten layers."
layers = np.arange(1, 11)
largest_product = 0.25**layers
print(f"ten layers: at most {largest_product[-1]:.2e}, "
      f"smaller by a factor of {1 / largest_product[-1]:.0f}")
fig, ax = plt.subplots(layout="constrained")
ax.semilogy(layers, largest_product, "o-", color="C1", label="$4^{-n}$")
ax.set_xlabel("layers $n$")
ax.set_ylabel("largest product")
ax.tick_params(axis="y", labelsize=16)  # its exponents are drawn smaller
ax.legend()
plt.show()
