"""CS231n's sigmoid neuron (cs231n.github.io/optimization-2/), forward and backward, twice: with
the sigmoid as one gate whose local gradient is s(1 - s), and gate by gate (·(−1), exp, +1, 1/x).
The Backpropagation page shows the sections between the markers and publishes the numbers this
very code computes."""

# --8<-- [start:inputs]
import math

w = [2, -3, -3]  # two weights, then the bias
x = [-1, -2]
z = w[0] * x[0] + w[1] * x[1] + w[2]  # forward pass: the weighted sum
# --8<-- [end:inputs]

# --8<-- [start:fused]
s = 1 / (1 + math.exp(-z))            # forward pass: the sigmoid

# backward pass: the sigmoid is one gate with local gradient s(1 - s)
dz = s * (1 - s)
dx = [w[0] * dz, w[1] * dz]           # gradient on the inputs
dw = [x[0] * dz, x[1] * dz, 1 * dz]   # gradient on the weights and the bias
# --8<-- [end:fused]

# --8<-- [start:gates]
# forward pass after the weighted sum, one gate at a time
a = -z              # ·(−1)
b = math.exp(a)     # exp
c = b + 1           # +1
f = 1 / c           # 1/x: f is s again

# backward pass: each gate multiplies the gradient from above by its local gradient
dc = -1 / c**2      # d(1/c)/dc
db = dc * 1         # d(b + 1)/db = 1
da = db * math.exp(a)  # d(e^a)/da = e^a
dz_gates = da * -1  # d(−z)/dz = −1: the same number as dz = s(1 − s)
# --8<-- [end:gates]

FORWARD = {"minus_z": a, "exp": b, "plus_one": c, "output": f}
BACKWARD = {"plus_one": dc, "exp": db, "minus_z": da, "z": dz_gates}
