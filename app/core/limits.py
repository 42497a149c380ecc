"""Named resource limits: every unit of work the core does for a request is bounded here.

They are module constants (not settings) so that error messages, the API schema and the tests
all quote the same numbers.
"""

MAX_EXPRESSION_LENGTH = 300
"""Characters in one expression."""

MAX_NESTING_DEPTH = 30
"""Parentheses, function calls, unary signs and powers nested inside each other."""

MAX_EXPRESSION_NODES = 150
"""Numbers, names and operations in one parsed expression."""

MAX_DERIVED_NODES = 20_000
"""Size of a derivative written out as a tree; nested products and powers grow quickly."""

MAX_POINTS = 1_000
"""Points in one scalar request."""

MAX_POINTS_TEXT_LENGTH = 20_000
"""Characters in a comma-separated list of points."""

MAX_ABS_POINT = 1e6
"""Largest magnitude of a point; beyond it every function of interest has long saturated."""

MAX_PARAMETERS = 6
"""Named parameters in one model."""

MAX_EXAMPLES = 500
"""Data points (x_i, y_i) in one model request."""

MAX_STEPS = 1_000
"""Gradient-descent steps per variant."""

MAX_LEARNING_RATE = 100.0
"""Largest learning rate accepted; larger ones only diverge faster."""

MAX_ABS_PARAMETER = 1e6
"""Largest magnitude of a starting parameter value."""

MAX_HIDDEN_LAYERS = 3
"""Hidden layers in the network explorer's MLP."""

MAX_LAYER_WIDTH = 32
"""Units in one hidden layer."""

MAX_NETWORK_POINTS = 400
"""Labelled points in one network request."""

MAX_EPOCHS = 300
"""Training epochs per variant."""

MAX_UPDATES = 1_500
"""Mini-batch updates per variant (epochs × batches per epoch): keeps every request fast."""

MAX_EXAMPLE_PASSES = 30_000
"""Epochs × points per variant: the work of one training run, whatever the batch size."""

MAX_BATCH_SAMPLES = 1_000
"""Mini-batches sampled for each batch size in the batches explorer."""

MAX_ENUMERATED_EXAMPLES = 16
"""Examples for which every mini-batch of every size is listed (batches=all)."""

MAX_ENUMERATED_BATCHES = 12_870
"""Batches listed for one size: C(16, 8), the most that any size of 16 examples has."""

MAX_SEED = 2**32 - 1
"""Largest seed for sampled mini-batches (seeds are whole numbers from 0)."""
