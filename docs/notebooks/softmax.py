# %% [markdown]
# # The softmax, computed
#
# Numerical checks of the page [The softmax and cross-entropy](../../softmax/): the Jacobian
# against central differences, the gradient of cross-entropy, and the shift by the largest score.

# %%
import numpy as np

# %%
def softmax(z):
    """Shifted by the largest score: every exponent is 0 or less."""
    e = np.exp(z - np.max(z))
    return e / e.sum()


z = np.array([2.0, 1.0, 0.1])
y = np.array([1.0, 0.0, 0.0])
p = softmax(z)
h = 1e-6
print("probabilities:", p.round(4), " sum:", p.sum())
assert abs(p.sum() - 1) < 1e-15

# %% [markdown]
# ## The Jacobian
#
# Column $j$ of the Jacobian is the change of every probability with the score $z_j$:
#
# $$
# J = \operatorname{diag}(p) - p\,p^{\mathsf{T}} \unchecked{the checker does not read matrices; the page checks its entries}
# $$

# %%
jacobian = np.diag(p) - np.outer(p, p)
measured = np.column_stack([(softmax(z + h * np.eye(3)[j]) - softmax(z - h * np.eye(3)[j])) / (2 * h)
                            for j in range(3)])
print(jacobian.round(4))
print(f"largest |central difference - formula|: {np.max(np.abs(measured - jacobian)):.1e}")
assert np.max(np.abs(measured - jacobian)) < 1e-9
assert np.allclose(jacobian.sum(axis=1), 0, atol=1e-16)  # each row adds up to 0

# %% [markdown]
# ## Cross-entropy
#
# The gradient of $L = -\sum_k y_k \ln p_k$ with respect to the scores is $p - y$:

# %%
def loss(z):
    return -np.sum(y * np.log(softmax(z)))


gradient = np.array([(loss(z + h * np.eye(3)[j]) - loss(z - h * np.eye(3)[j])) / (2 * h) for j in range(3)])
print("p - y:   ", (p - y).round(4))
print("measured:", gradient.round(4))
assert np.max(np.abs(gradient - (p - y))) < 1e-9

# %% [markdown]
# ## The shift by the largest score
#
# Add 710 to every score: $e^{710}$ overflows float64, so the softmax as written gives nan, and
# the shifted one the same probabilities as before.

# %%
with np.errstate(over="ignore", invalid="ignore"):
    e = np.exp(z + 710)
    naive = e / e.sum()
print("as written:", naive, " shifted:", softmax(z + 710).round(4))
assert np.all(np.isnan(naive)) and np.allclose(softmax(z + 710), p)
