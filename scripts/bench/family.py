"""The cost of one forward and one backward pass of each function of the family, on the code the
pages show, as a ratio to the sigmoid's, on this machine: a benchmark, never a test (the site does
not print it, so that two builds stay identical). The median of 7 runs over a million float64 inputs."""

import statistics
import time

import gelu_forms
import numpy as np
import silu_gradient
import softmax_stable
import softplus_stable
import stable_sigmoid
import tanh_gradient

N, RUNS = 1_000_000, 7


def sigmoid(x):
    return stable_sigmoid.sigmoid(x), stable_sigmoid.sigmoid_derivative(x)


def tanh(x):
    y = np.tanh(x)
    return y, tanh_gradient.tanh_derivative_from_output(y)


def softplus(x):
    return softplus_stable.softplus(x), stable_sigmoid.sigmoid(x)


def silu(x):
    return silu_gradient.silu(x), silu_gradient.silu_derivative_sum(x)


def gelu(x):
    return gelu_forms.gelu(x), gelu_forms.gelu_derivative(x)


def softmax(x):
    """Rows of ten scores: the probabilities, and the gradient of cross-entropy (p - y)."""
    z = x.reshape(-1, 10)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    return p, p - np.eye(10)[np.zeros(len(z), int)]


PASSES = {"sigmoid": sigmoid, "tanh": tanh, "softplus": softplus, "SiLU": silu, "GELU": gelu,
          "softmax (10 classes)": softmax}


def median_seconds(fn, x):
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn(x)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


if __name__ == "__main__":
    assert softmax_stable.softmax(np.zeros(3)).sum() == 1  # the page's softmax, which the rows repeat
    x = np.random.default_rng(0).uniform(-10, 10, N)
    seconds = {name: median_seconds(fn, x) for name, fn in PASSES.items()}
    base = seconds["sigmoid"]
    print(f"forward + backward over {N:,} float64 inputs, median of {RUNS}:")
    for name, s in seconds.items():
        print(f"  {name:22} {s * 1e3:8.1f} ms   {s / base:5.2f}x the sigmoid")
