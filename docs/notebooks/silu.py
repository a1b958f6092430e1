# %% [markdown]
# # SiLU, computed
#
# Numerical checks of the page [SiLU (swish) and its derivative](../../silu/): the derivative
# against central differences, the minimum and the steepest point, and the two ways of computing
# the slope in floating point.

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


def silu(x):
    return x * s(x)


def dsilu(x):
    """s(x)(1 + x(1 - s(x)))."""
    return s(x) * (1 + x * (1 - s(x)))


x = np.linspace(-5, 5, 2001)
h = 1e-5

# %% [markdown]
# ## The derivative
#
# $$
# \frac{d}{dx}\bigl(x\,s(x)\bigr) = s(x)\Bigl(1 + x\bigl(1-s(x)\bigr)\Bigr)
# $$

# %%
measured = (silu(x + h) - silu(x - h)) / (2 * h)
slope_error = np.max(np.abs(measured - dsilu(x)))
print(f"largest |central difference - formula|: {slope_error:.1e}")
assert slope_error < 1e-9

# %% [markdown]
# ## The minimum and the steepest point
#
# The minimum is where the slope crosses 0, and there SiLU is exactly 1 more than $x$; the
# slope is largest where the second derivative is 0, and it is above 1 there:

# %%
low = x[np.argmin(silu(x))]
steep = x[np.argmax(dsilu(x))]
print(f"minimum {silu(low):.4f} at x = {low:.4f}; SiLU(x) - x there: {silu(low) - low:.4f}")
print(f"largest slope {dsilu(steep):.4f} at x = {steep:.4f}")
assert abs(dsilu(low)) < 1e-3 and abs(silu(low) - low - 1) < 1e-2 and dsilu(steep) > 1

# %% alt="SiLU, its slope and the ReLU for x from −5 to 5: SiLU dips below 0 for negative x and then follows the ReLU; its slope crosses 0 at SiLU's minimum and overshoots 1 before settling at 1."
fig, ax = plt.subplots(layout="constrained")
ax.plot(x, silu(x), color="C0", label=r"$\operatorname{SiLU}(x)$")
ax.plot(x, np.maximum(x, 0), color="C2", linestyle=(0, (6, 2)), label=r"$\max(0, x)$")
ax.plot(x, dsilu(x), color="C1", label=r"$\operatorname{SiLU}'(x)$")
ax.set_xlabel("$x$")
ax.legend(loc="upper left", labelspacing=0.2)
plt.show()

# %% [markdown]
# ## In floating point
#
# Where $s(x)$ rounds to 1, $s(1 + x(1-s))$ has lost the small term $x(1-s)$; the sum
# $s(x) + x\,s'(x)$, with $s'$ computed as $e/(1+e)^{2}$ for $e = e^{-|x|}$, keeps it:

# %%
far = np.array([30.0, 36.0, 40.0])
e = np.exp(-np.abs(far))
product = dsilu(far)
total = s(far) + far * e / (1 + e) ** 2
print("x    product form        sum form")
for where, a, b in zip(far, product, total):
    print(f"{where:<4g} {a:<19.17g} {b:.17g}")
assert total[-1] > 1 and product[-1] == 1
