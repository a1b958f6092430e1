"""CS231n's sigmoid neuron (cs231n.github.io/optimization-2/), forward and backward, twice: with
the sigmoid as one gate whose local gradient is s(1 - s), and gate by gate (·(−1), exp, +1, 1/u).
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
u1 = -z               # ·(−1)
u2 = math.exp(u1)     # exp
u3 = u2 + 1           # +1
f = 1 / u3            # 1/u: f is s again

# backward pass, from the output (gradient 1) down: each gate multiplies the gradient from
# above by its local gradient, the derivative of that gate alone at the input it saw
local = {"1/u": -1 / u3**2, "+1": 1, "exp": math.exp(u1), "·(−1)": -1}
du3 = 1 * local["1/u"]
du2 = du3 * local["+1"]
du1 = du2 * local["exp"]
dz_gates = du1 * local["·(−1)"]  # the same number as dz = s(1 − s)
# --8<-- [end:gates]

FORWARD = {"minus_z": u1, "exp": u2, "plus_one": u3, "output": f}
BACKWARD = {"plus_one": du3, "exp": du2, "minus_z": du1, "z": dz_gates}
