# %% [markdown]
# # GELU, computed
#
# Numerical checks of the page [GELU and its derivative](../../gelu/): the derivative against
# central differences, the minimum, the two approximations, and why $\Phi$ is computed with erfc.

# %%
import math

import matplotlib.pyplot as plt
import numpy as np

erf, erfc = np.vectorize(math.erf), np.vectorize(math.erfc)  # Python's own, for NumPy arrays

# %% [markdown]
# The plots use the site's style: its fonts, and colours that colour-blind readers can tell
# apart, for a light (or, with `"dark"`, a dark) background:

# %%
# --8<-- "figure_style.py:notebook"
use_site_style("light")

# %%
def Phi(x):
    """The normal distribution function, without cancellation: erfc(-x / sqrt 2) / 2."""
    return 0.5 * erfc(-x / np.sqrt(2))


def phi(x):
    """The normal density."""
    return np.exp(-x * x / 2) / np.sqrt(2 * np.pi)


def gelu(x):
    return x * Phi(x)


x = np.linspace(-5, 5, 2001)
h = 1e-5

# %% [markdown]
# ## The derivative
#
# With the normal distribution function and its density,
#
# $$
# \Phi(x) := \frac{1}{2}\operatorname{erfc}\left(-\frac{x}{\sqrt{2}}\right)
# $$
#
# $$
# \varphi(x) := \frac{1}{\sqrt{2\pi}}\,e^{-x^{2}/2}
# $$
#
# the derivative of GELU is
#
# $$
# \frac{d}{dx}\bigl(x\,\Phi(x)\bigr) = \Phi(x) + x\,\varphi(x)
# $$

# %%
measured = (gelu(x + h) - gelu(x - h)) / (2 * h)
slope_error = np.max(np.abs(measured - (Phi(x) + x * phi(x))))
print(f"largest |central difference - formula|: {slope_error:.1e}")
assert slope_error < 1e-9
low = x[np.argmin(gelu(x))]
print(f"minimum {gelu(low):.4f} at x = {low:.4f}")

# %% [markdown]
# ## The two approximations
#
# The largest differences from GELU on this grid:

# %%
tanh_form = 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x**3)))
sigmoid_form = x / (1 + np.exp(-1.702 * x))
print(f"tanh form:    {np.max(np.abs(tanh_form - gelu(x))):.1e}")
print(f"sigmoid form: {np.max(np.abs(sigmoid_form - gelu(x))):.1e}")
assert np.max(np.abs(tanh_form - gelu(x))) < 1e-3 < np.max(np.abs(sigmoid_form - gelu(x))) < 0.05

# %% alt="GELU, its slope and the ReLU for x from −5 to 5: GELU dips below 0 for negative x and then follows the ReLU; its slope crosses 0 at GELU's minimum and overshoots 1 before settling at 1."
fig, ax = plt.subplots(layout="constrained")
ax.plot(x, gelu(x), color="C0", label=r"$\operatorname{GELU}(x)$")
ax.plot(x, np.maximum(x, 0), color="C2", linestyle=(0, (6, 2)), label=r"$\max(0, x)$")
ax.plot(x, Phi(x) + x * phi(x), color="C1", label=r"$\operatorname{GELU}'(x)$")
ax.set_xlabel("$x$")
ax.legend(loc="upper left", labelspacing=0.2)
plt.show()

# %% [markdown]
# ## erf or erfc
#
# With erf, $\Phi$ adds 1 to a number close to $-1$ and gives 0 far to the left; with erfc it
# keeps the tiny true value:

# %%
far = np.array([-5.0, -8.0, -10.0])
with_erf = 0.5 * (1 + erf(far / np.sqrt(2)))
for where, a, b in zip(far, with_erf, Phi(far)):
    print(f"x = {where:g}: with erf {a:.6e}, with erfc {b:.6e}")
assert with_erf[-1] == 0 and Phi(far)[-1] > 0
