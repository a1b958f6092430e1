"""SiLU and its derivative in NumPy, exactly as the SiLU page shows them, on the stable sigmoid of
the floating-point page. The page's accuracy figures are measured on these functions
(scripts/activations/values.py)."""

# --8<-- [start:code]
from stable_sigmoid import sigmoid, sigmoid_derivative


def silu(x):
    return x * sigmoid(x)


def silu_derivative_product(x):
    """s(x)(1 + x(1 - s(x))): 1 - s cancels once s is close to 1."""
    s = sigmoid(x)
    return s * (1 + x * (1 - s))


def silu_derivative_sum(x):
    """s(x) + x s'(x), with s' computed without 1 - s."""
    return sigmoid(x) + x * sigmoid_derivative(x)
# --8<-- [end:code]
