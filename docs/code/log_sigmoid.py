"""The logistic loss computed the way it is written, from s(z), and from the logit z
(the "with logits" form libraries provide). The Backpropagation page shows the section between
the markers and publishes what this very code returns."""

# --8<-- [start:code]
import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def loss_from_probability(z, y):
    """-y ln s(z) - (1 - y) ln(1 - s(z)) as written: s(z) first, then ln."""
    # exp may overflow, ln(0) is -inf and 0 * ln(0) is nan: we want to see them
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        p = sigmoid(z)
        return -y * np.log(p) - (1 - y) * np.log(1 - p)


def loss_from_logit(z, y):
    """The same loss from z: ln s(z) = -softplus(-z), ln(1 - s(z)) = -softplus(z),
    with softplus(t) = ln(1 + e^t) = np.logaddexp(0, t), which cannot overflow."""
    return y * np.logaddexp(0, -z) + (1 - y) * np.logaddexp(0, z)
# --8<-- [end:code]
