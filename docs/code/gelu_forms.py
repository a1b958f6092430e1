"""GELU in NumPy and SciPy, exactly as the GELU page shows it: the exact form as written and with
erfc, its derivative, and the two approximations. The page's figures are measured on these
functions (scripts/activations/values.py)."""

# --8<-- [start:code]
import numpy as np
from scipy.special import erf, erfc

TANH_CUBIC = 0.044715  # the tanh approximation's constant (Hendrycks and Gimpel)
SIGMOID_SCALE = 1.702  # the sigmoid approximation's factor (the same paper)


def gelu_naive(x):
    """x Phi(x) with Phi = (1 + erf(x/sqrt 2))/2: erf is close to -1 for negative x, and cancels."""
    return 0.5 * x * (1 + erf(x / np.sqrt(2)))


def gelu(x):
    """x Phi(x) with Phi = erfc(-x/sqrt 2)/2: nothing cancels."""
    return 0.5 * x * erfc(-x / np.sqrt(2))


def gelu_derivative(x):
    """Phi(x) + x phi(x)."""
    return 0.5 * erfc(-x / np.sqrt(2)) + x * np.exp(-x * x / 2) / np.sqrt(2 * np.pi)


def gelu_tanh(x):
    return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + TANH_CUBIC * x**3)))


def gelu_sigmoid(x):
    return x / (1 + np.exp(-SIGMOID_SCALE * x))
# --8<-- [end:code]
