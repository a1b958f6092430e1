# %% [markdown]
# # Derivative of the sigmoid, computed
#
# This notebook reproduces the numerical check of the page
# [Derivative of the sigmoid](../../derivative/): the post's grid, both forms of the
# derivative, their largest difference, and the three plots. The claim it checks is
#
# $$
# s'(x) = \frac{e^{-x}}{\left(1+e^{-x}\right)^{2}} = s(x)\bigl(1-s(x)\bigr)
# $$
#
# ## Both forms on the post's grid
#
# The post computed both forms in MATLAB on the grid `x = -10:0.1:10`. This is the same
# computation in NumPy, line for line (the comments are the MATLAB):

# %%
# --8<-- "blog_post.py:numpy"

# %% [markdown]
# The largest difference looks tiny, but floats are spaced in proportion to their size, so
# compare in units in the last place (ULP): `np.spacing(v)` is the gap from `v` to the next
# float. As the reference take $s(x)\,s(-x)$, a third form of $s'$ that subtracts nothing and so
# stays within a few ULP of the true value. The quotient form stays within a few ULP of it too;
# $s(x)\bigl(1-s(x)\bigr)$ drifts by thousands of ULP near $x = 10$, where $s(x)$ is close to 1
# and $1 - s(x)$ cancels its leading digits.

# %%
reference = s * (1 / (1 + np.exp(x)))       # s(x) s(-x)
ulp = np.spacing(reference)
quotient_ulps = np.abs(ds_quotient - reference) / ulp
product_ulps = np.abs(ds_product - reference) / ulp
print(f"{len(x)} grid points from {x[0]:g} to {x[-1]:g}")
print(f"largest absolute difference of the two forms: {max_difference:.2e}")
print(f"quotient form: up to {quotient_ulps.max():.0f} ULP from s(x)s(-x)")
print(f"product form:  up to {product_ulps.max():.0f} ULP, at x = {x[np.argmax(product_ulps)]:g}")
assert quotient_ulps.max() <= 4              # a few roundings each, no cancellation
assert product_ulps.max() > 1000             # the cancellation in 1 - s
assert x[np.argmax(product_ulps)] > 9        # and it grows with x

# %% [markdown]
# ## The plots
#
# The plots use the site's style: its fonts, and colours that colour-blind readers can tell
# apart, for a light (or, with `"dark"`, a dark) background:

# %%
import matplotlib.pyplot as plt

# --8<-- "figure_style.py:notebook"
use_site_style("light")

# %% [markdown]
# The sigmoid rises from 0 to 1 and crosses one half at $x = 0$:

# %% alt="The sigmoid s(x) on the grid from −10 to 10: an S-shaped curve from 0 to 1 through 1/2 at x = 0."
fig, ax = plt.subplots(layout="constrained")
ax.plot(x, s, label=r"$s(x) = \dfrac{1}{1+e^{-x}}$")
ax.set_xlabel("$x$")
ax.legend(loc="upper left")
plt.show()

# %% [markdown]
# Its derivative is a bell curve, largest where the sigmoid is steepest:

# %% alt="s(x) and its derivative s′(x): a bell curve that peaks at 1/4 at x = 0, where s crosses 1/2."
fig, ax = plt.subplots(layout="constrained")
ax.plot(x, s, label="$s(x)$")
ax.plot(x, ds_product, label="$s'(x)$")
ax.set_xlabel("$x$")
ax.legend(loc="upper left")
plt.show()

# %% [markdown]
# Drawn on top of each other with the post's markers, plus signs and circles, the two forms of
# $s'$ cannot be told apart:

# %% alt="The two forms of s′(x) on the grid: plus signs for e^(−x)/(1+e^(−x))², circles for s(x)(1 − s(x)), every circle around its plus sign."
fig, ax = plt.subplots(layout="constrained")
ax.plot(x, ds_quotient, "+", color="C1", markersize=8, label=r"$\dfrac{e^{-x}}{(1+e^{-x})^2}$")
ax.plot(x, ds_product, "o", color="C2", markersize=5, markerfacecolor="none",
        label=r"$s(x)\,(1-s(x))$")
ax.set_xlabel("$x$")
ax.set_ylim(-0.01, 0.45)
ax.legend(loc="upper left")
plt.show()

# %% [markdown]
# ## The largest slope
#
# The largest value of $s'$ on the grid is at $x = 0$, where exactly
#
# $$
# s'(0) = s(0)\bigl(1-s(0)\bigr) = \frac{1}{2}\cdot\frac{1}{2} = \frac{1}{4}
# $$

# %%
peak = np.argmax(ds_product)
print(f"largest s'(x) on the grid: {ds_product[peak]:.4f} at x = {x[peak]:g}")
assert x[peak] == 0 and ds_product[peak] == 0.25
