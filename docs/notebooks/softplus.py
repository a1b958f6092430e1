# %% [markdown]
# # softplus, computed
#
# Numerical checks of the page [softplus and its derivative](../../softplus/): its slope is the
# sigmoid, it is the area under the sigmoid, it is a smooth ReLU, and the stable way to compute it.

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


def softplus(x):
    """ln(1 + e^x) = max(x, 0) + ln(1 + e^-|x|), computed without overflow."""
    return np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))


x = np.linspace(-5, 5, 201)
h = 1e-5

# %% [markdown]
# ## The slope is the sigmoid
#
# $$
# \frac{d}{dx}\operatorname{softplus}(x) = s(x)
# $$

# %%
measured = (softplus(x + h) - softplus(x - h)) / (2 * h)
slope_error = np.max(np.abs(measured - s(x)))
print(f"largest |central difference - s(x)|: {slope_error:.1e}")
assert slope_error < 1e-9

# %% [markdown]
# ## The area under the sigmoid
#
# $$
# \int_{-\infty}^{x} s(t)\,dt = \operatorname{softplus}(x)
# $$
#
# The trapezoid rule from $-40$, where the sigmoid is below $10^{-17}$, up to each $x$:

# %%
t = np.linspace(-40, 5, 450001)
area = np.concatenate([[0], np.cumsum((s(t[1:]) + s(t[:-1])) / 2 * np.diff(t))])
at_x = np.interp(x, t, area)
area_error = np.max(np.abs(at_x - softplus(x)))
print(f"largest |area - softplus(x)|: {area_error:.1e}")
assert area_error < 1e-6

# %% [markdown]
# ## A smooth ReLU
#
# The gap to $\max(0, x)$ is $\ln\left(1+e^{-|x|}\right)$, largest at $x = 0$, where it is $\ln 2$:

# %%
gap = softplus(x) - np.maximum(x, 0)
print(f"largest gap: {gap.max():.6f} at x = {x[np.argmax(gap)]:g}; ln 2 = {np.log(2):.6f}")
assert np.argmax(gap) == 100 and np.isclose(gap.max(), np.log(2))

# %% alt="softplus, the ReLU max(0, x) dashed, and the sigmoid, for x from −5 to 5: softplus runs smoothly above the ReLU's corner, and the sigmoid, its slope, rises from 0 to 1."
fig, ax = plt.subplots(layout="constrained")
ax.plot(x, softplus(x), color="C0", label=r"$\operatorname{softplus}(x)$")
ax.plot(x, np.maximum(x, 0), color="C2", linestyle=(0, (6, 2)), label=r"$\max(0, x)$")
ax.plot(x, s(x), color="C1", label="$s(x)$")
ax.set_xlabel("$x$")
ax.legend(loc="upper left", labelspacing=0.2)
plt.show()

# %% [markdown]
# ## In floating point
#
# As written, $\ln\left(1+e^{x}\right)$ overflows for large $x$ and gives 0 for very negative
# $x$; the split form gives the true value at both ends:

# %%
far = np.array([-800.0, -40.0, 40.0, 800.0])
with np.errstate(over="ignore"):
    naive = np.log(1 + np.exp(far))
for where, a, b in zip(far, naive, softplus(far)):
    print(f"x = {where:6g}: as written {a:.6e}, split {b:.6e}")
assert naive[1] == 0 and np.isinf(naive[-1]) and softplus(far)[1] > 0 and softplus(far)[-1] == 800
