# %% [markdown]
# # Common questions, computed
#
# Numerical answers to the questions on the page [Common questions](../../questions/): which
# derivative the backprop bug $x(1-x)$ computes, that the chain rule and the quotient rule
# give the true slope, and what floating point does to $s(x)\bigl(1-s(x)\bigr)$ far from the
# origin.

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
def sigmoid(x):
    return 1 / (1 + np.exp(-x))


# %% [markdown]
# ## The backprop bug: x(1 − x) instead of s(x)(1 − s(x))
#
# The derivative is $s(x)\bigl(1-s(x)\bigr)$, so code that has the unit's *output*
# $y = s(x)$ computes `y * (1 - y)`. The bug is to apply the same formula to the *input*:

# %%
def sigmoid_derivative_from_output(y):
    """Derivative of the sigmoid, given its OUTPUT y = sigmoid(x)."""
    return y * (1 - y)


x = 2.0
y = sigmoid(x)
right = sigmoid_derivative_from_output(y)  # s(x)(1 - s(x))
wrong = sigmoid_derivative_from_output(x)  # x(1 - x): the bug
print(f"right: {right:.4f}, wrong: {wrong:.4f}")

# %% [markdown]
# Which one is the slope? A central difference, $\frac{s(x+h) - s(x-h)}{2h}$ for a small
# $h$, measures it without any formula for the derivative:

# %%
h = 1e-5
slope = (sigmoid(x + h) - sigmoid(x - h)) / (2 * h)
print(f"measured slope at x = 2: {slope:.4f}")
assert abs(slope - right) < 1e-9 and abs(slope - wrong) > 2

# %% [markdown]
# Over a range of inputs the bug is not even close: $x(1-x)$ is a parabola that goes
# negative, while a sigmoid only ever rises.

# %% alt="The true derivative s′(x), a small positive bell curve, and the buggy x(1 − x), a downward parabola that is negative outside 0 < x < 1."
grid = np.linspace(-3, 4, 141)
fig, ax = plt.subplots(layout="constrained")
right_curve = sigmoid_derivative_from_output(sigmoid(grid))
wrong_curve = sigmoid_derivative_from_output(grid)
ax.plot(grid, right_curve, label=r"$s(x)\,(1-s(x))$: right")
ax.plot(grid, wrong_curve, linestyle="--", label="$x(1-x)$: the bug")
ax.set_xlabel("$x$")
ax.set_ylim(-3, 1.2)
ax.legend(loc="lower center")
plt.show()

# %% [markdown]
# ## Chain rule, quotient rule: the same slope
#
# Both derivations end at
#
# $$
# s'(x) = \frac{e^{-x}}{\left(1+e^{-x}\right)^{2}}
# $$
#
# It agrees with the measured slope everywhere on a grid, and it is positive everywhere:
# a formula that lost one of the two minus signs would be negative.

# %%
grid = np.linspace(-10, 10, 201)
formula = np.exp(-grid) / (1 + np.exp(-grid))**2
measured = (sigmoid(grid + h) - sigmoid(grid - h)) / (2 * h)
largest = np.max(np.abs(formula - measured))
print(f"largest difference from the measured slope: {largest:.1e}")
print(f"smallest slope on the grid: {formula.min():.2e} (positive)")
assert largest < 1e-9 and formula.min() > 0

# %% [markdown]
# ## Floating point far from the origin
#
# For large positive $x$, $s(x)$ rounds to exactly 1, so $s(x)\bigl(1-s(x)\bigr)$ returns 0.
# The equal form $s(x)\,s(-x)$ keeps the tiny true value:

# %%
for x in (10.0, 20.0, 40.0):
    product = sigmoid(x) * (1 - sigmoid(x))
    two_sigmoids = sigmoid(x) * sigmoid(-x)
    print(f"x = {x:2g}:  s(x)(1 - s(x)) = {product:.3e},"
          f"  s(x) s(-x) = {two_sigmoids:.3e}")
