"""A layer of sigmoid units, forward and backward, vectorised with NumPy. The Backpropagation
page shows the section between the markers and publishes the numbers this very code computes."""

# --8<-- [start:layer]
import numpy as np

W = np.array([[0.5, -1.0, 2.0],     # unit 1's weights
              [1.5, 0.5, -0.5]])    # unit 2's weights
b = np.array([0.1, -0.2])           # the biases
x = np.array([1.0, -2.0, 0.5])      # the input: every unit sees all of it
delta_out = np.array([1.0, -1.0])   # the gradient arriving from above, on each unit's output

# forward pass
z = W @ x + b
a = 1 / (1 + np.exp(-z))            # the layer's output, kept for the backward pass

# backward pass
delta = delta_out * a * (1 - a)     # each unit's s'(z_i) = a_i (1 - a_i), element by element
dW = np.outer(delta, x)             # dL/dW_ij = delta_i * x_j
db = delta                          # dL/db_i = delta_i
dx = W.T @ delta                    # dL/dx_j = sum over units i of W_ij * delta_i
# --8<-- [end:layer]
