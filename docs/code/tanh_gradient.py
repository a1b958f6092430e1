"""tanh's derivative in NumPy, exactly as the tanh page shows it: from the forward pass's output
(what autograd libraries save) and from the input. The page's accuracy figures are measured on
these functions (scripts/activations/values.py)."""

# --8<-- [start:code]
import numpy as np


def tanh_derivative_from_output(y):
    """tanh'(x) = 1 - y^2, from the saved output y = tanh(x)."""
    return 1 - y * y


def tanh_derivative_from_input(x):
    """tanh'(x) = sech^2(x) = (1 / cosh(x))^2, from the input x: nothing cancels."""
    with np.errstate(over="ignore"):  # cosh overflows beyond |x| = 710, and 1/inf = 0 is right
        sech = 1 / np.cosh(x)
    return sech * sech
# --8<-- [end:code]
