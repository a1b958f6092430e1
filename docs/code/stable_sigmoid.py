"""The recommended sigmoid and derivative in plain NumPy, exactly as the floating-point page shows them.
The page's accuracy figures are measured on these functions. floating_point.sigmoid and
floating_point.dsigmoid compute the same formulas in blocks, for speed (tested bit for bit)."""

# --8<-- [start:code]
import numpy as np


def sigmoid(x):
    """s(x) without overflow: exp is only ever taken of -|x| <= 0."""
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_derivative(x):
    """s'(x) = e / (1+e)^2 with e = exp(-|x|) (s' is even), as e / (1+e(2+e))."""
    e = np.exp(-np.abs(x))
    return e / (1 + e * (2 + e))


def sigmoid_derivative_float32(x):
    """float32 s'(x), computed in float64 and rounded once at the end."""
    return sigmoid_derivative(np.asarray(x, np.float64)).astype(np.float32)
# --8<-- [end:code]
