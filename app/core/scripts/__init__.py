"""Every explorer's view as a runnable script in NumPy, PyTorch or JAX.

Each module writes one explorer's script from the parsed trees, the data and the settings
(never from the reader's text); the script prints, as its last line, one JSON object with the
same fields as the explorer's API answer.
"""
