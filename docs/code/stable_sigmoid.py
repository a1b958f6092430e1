"""The recommended sigmoid and derivative in plain NumPy, as the floating-point page shows them.
floating_point.sigmoid and floating_point.dsigmoid compute the same formulas, in blocks, for speed."""

# --8<-- [start:code]
import numpy as np


def sigmoid(x):
    """s(x) without overflow: exp is only ever taken of -|x| <= 0."""
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_derivative(x):
    """s'(x) = e / (1+e)^2 with e = exp(-|x|) (s' is even), written as e / (1 + e(2+e))."""
    e = np.exp(-np.abs(x))
    return e / (1 + e * (2 + e))
# --8<-- [end:code]
