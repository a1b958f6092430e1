"""What the site states: the sigmoid's definitions, the published numbers, the floating-point
analysis, the figures and the tables. Plain NumPy/SymPy/matplotlib; never imports MkDocs."""
