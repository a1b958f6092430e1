"""The softmax in NumPy, exactly as the softmax page shows it: as written, shifted by the largest
score, its Jacobian and the gradient of cross-entropy through it. The page's worked example is
computed with these functions (scripts/activations/values.py)."""

# --8<-- [start:code]
import numpy as np


def softmax_naive(z):
    e = np.exp(z)  # overflows to inf once a score passes ln(largest float)
    return e / e.sum()


def softmax(z):
    """Shifted by the largest score: every exponent is <= 0, and the largest term is exactly 1."""
    e = np.exp(z - np.max(z))
    return e / e.sum()


def softmax_jacobian(p):
    """dp_i/dz_j = p_i (delta_ij - p_j), as the matrix diag(p) - p p^T."""
    return np.diag(p) - np.outer(p, p)


def cross_entropy_gradient(p, y):
    """The gradient of -sum_k y_k ln p_k with respect to the scores z, for labels y that sum to 1."""
    return p - y
# --8<-- [end:code]
