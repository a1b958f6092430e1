# %% [markdown]
# # tanh, computed
#
# Numerical checks of the page [tanh and its derivative](../../tanh/): tanh from the sigmoid,
# its derivative in both forms against central differences, the peak of 1, and the two ways of
# computing the derivative in floating point.

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


x = np.linspace(-5, 5, 201)
h = 1e-5
eps = np.finfo(np.float64).eps

# %% [markdown]
# ## tanh is a stretched sigmoid
#
# $$
# \tanh(x) = 2\,s(2x) - 1
# $$

# %%
stretched = np.max(np.abs(np.tanh(x) - (2 * s(2 * x) - 1)))
print(f"largest |tanh(x) - (2 s(2x) - 1)|: {stretched:.1e}")
assert stretched < 4 * eps

# %% [markdown]
# ## The derivative, three ways
#
# $$
# \frac{d}{dx}\tanh(x) = 1 - \tanh^{2}(x) = \frac{1}{\cosh^{2}(x)} = 4\,s'(2x)
# $$
#
# each against a central difference of tanh:

# %%
measured = (np.tanh(x + h) - np.tanh(x - h)) / (2 * h)
forms = {
    "1 - tanh(x)^2": 1 - np.tanh(x) ** 2,
    "1 / cosh(x)^2": 1 / np.cosh(x) ** 2,
    "4 s(2x)(1 - s(2x))": 4 * s(2 * x) * (1 - s(2 * x)),
}
for name, slope in forms.items():
    print(f"{name:20} largest difference from the measured slope: {np.max(np.abs(slope - measured)):.1e}")
    assert np.max(np.abs(slope - measured)) < 1e-9

# %% [markdown]
# ## The peak is 1
#
# The slope is largest at $x = 0$, where it is 1: four times the sigmoid's quarter.

# %%
slope = forms["1 / cosh(x)^2"]
peak = np.argmax(slope)
print(f"largest slope: {slope[peak]} at x = {x[peak]:g}; the sigmoid's: {np.max(s(x) * (1 - s(x)))}")
assert slope[peak] == 1 and x[peak] == 0

# %% alt="tanh and its derivative for x from −5 to 5: tanh rises from −1 to 1, its derivative is a bell curve with peak 1 at x = 0, and the sigmoid's derivative, dashed, is a lower and wider bell with peak 1/4."
fig, ax = plt.subplots(layout="constrained")
ax.plot(x, np.tanh(x), color="C0", label=r"$\tanh(x)$")
ax.plot(x, slope, color="C1", label=r"$\tanh'(x)$")
ax.plot(x, s(x) * (1 - s(x)), color="C2", linestyle=(0, (6, 2)), label="$s'(x)$")
ax.set_xlabel("$x$")
ax.legend(loc="lower right", labelspacing=0.2)
plt.show()

# %% [markdown]
# ## From the output or from the input
#
# A backward pass that saved $y = \tanh(x)$ computes $1 - y^{2}$. Once $\tanh(x)$ rounds to 1,
# that is exactly 0, while $\frac{1}{\cosh^{2}(x)}$ still gives the small true slope:

# %%
far = np.array([10.0, 15.0, 20.0, 25.0])
y = np.tanh(far)
from_output = 1 - y * y
from_input = (1 / np.cosh(far)) ** 2
for where, a, b in zip(far, from_output, from_input):
    print(f"x = {where:4g}: from the output {a:.3e}, from the input {b:.3e}")
assert from_output[-1] == 0 and from_input[-1] > 0
