"""The network explorer as a script: the four batch gradients of a small MLP at the page's
initial weights, and how far each shortcut is from the true gradient, layer by layer.

The data set and the initial weights are drawn with NumPy's generator from the page's seed,
exactly as app/core/datasets.py and app/core/network.py draw them (a custom data set is
listed). NumPy backpropagates by hand; PyTorch and JAX use autograd for the true gradient
(``loss.mean().backward()``, ``jax.grad``) and ``vmap(grad(...))`` for the per-example ones.
Averaging the error first is a backward pass written by hand in every framework: no autograd
call computes it, which is the point.
"""

from __future__ import annotations

from app.core.datasets import LabelledPoints
from app.core.network import Architecture
from app.core.scripts.common import (
    FINITE,
    REQUIRES,
    GeneratedScript,
    check_framework,
    header,
    imports,
    json_line,
    number_list,
)

DATASETS = {
    "xor": """
rng = np.random.default_rng(SEED)
inputs = rng.uniform(-1, 1, size=(200, 2))
inputs += 0.1 * np.sign(inputs)  # a small gap around the axes keeps the classes apart
labels = (inputs[:, 0] * inputs[:, 1] < 0).astype(float)
""",
    "moons": """
rng = np.random.default_rng(SEED)
angles = rng.uniform(0, np.pi, 200)
upper = np.column_stack([np.cos(angles[:100]), np.sin(angles[:100])])
lower = np.column_stack([1 - np.cos(angles[100:]), 0.5 - np.sin(angles[100:])])
inputs = np.vstack([upper, lower]) + rng.normal(0, 0.1, size=(200, 2))
inputs = (inputs - [0.5, 0.25]) / 1.2
labels = np.r_[np.zeros(100), np.ones(100)]
""",
    "circles": """
rng = np.random.default_rng(SEED)
angles = rng.uniform(0, 2 * np.pi, 200)
labels = (rng.uniform(size=200) < 0.5).astype(float)
radii = np.where(labels == 1, 0.35, 0.9) + rng.normal(0, 0.07, 200)
inputs = np.column_stack([radii * np.cos(angles), radii * np.sin(angles)])
""",
}

INITIAL_WEIGHTS = """
# The page's initial weights: Glorot-uniform from NumPy's generator with the seed, zero biases.
rng = np.random.default_rng(SEED)
initial = []
for fan_in, fan_out in zip(SIZES[:-1], SIZES[1:]):
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    initial.append((rng.uniform(-limit, limit, size=(fan_out, fan_in)), np.zeros(fan_out)))
"""

ACTIVATIONS = {
    "numpy": {
        "tanh": ("np.tanh(z)", "1 - a * a"),
        "sigmoid": ("1.0 / (1.0 + np.exp(-z))", "a * (1 - a)"),
        "relu": ("np.maximum(z, 0.0)", "(z > 0).astype(float)"),
        "identity": ("z", "np.ones_like(z)"),
    },
    "torch": {
        "tanh": ("torch.tanh(z)", "1 - a * a"),
        "sigmoid": ("torch.sigmoid(z)", "a * (1 - a)"),
        "relu": ("torch.relu(z)", "(z > 0).to(z.dtype)"),
        "identity": ("z", "torch.ones_like(z)"),
    },
    "jax": {
        "tanh": ("jnp.tanh(z)", "1 - a * a"),
        "sigmoid": ("jax.nn.sigmoid(z)", "a * (1 - a)"),
        "relu": ("jax.nn.relu(z)", "(z > 0).astype(z.dtype)"),
        "identity": ("z", "jnp.ones_like(z)"),
    },
}
SIGMOID = {
    "numpy": "1.0 / (1.0 + np.exp(-z))",
    "torch": "torch.sigmoid(z)",
    "jax": "jax.nn.sigmoid(z)",
}

LOSS_OF_LOGIT = {
    ("torch", "cross_entropy"): (
        "    # binary cross-entropy of sigmoid(z), computed from the logit as real code does\n"
        '    return F.binary_cross_entropy_with_logits(z, label, reduction="none")'
    ),
    ("jax", "cross_entropy"): (
        "    # binary cross-entropy of sigmoid(z): log(1 + e^z) - label * z, from the logit\n"
        "    return jnp.logaddexp(0.0, z) - label * z"
    ),
    ("torch", "squared_error"): "    return (torch.sigmoid(z) - label) ** 2",
    ("jax", "squared_error"): "    return (jax.nn.sigmoid(z) - label) ** 2",
}

OUTPUT_ERROR = {
    "cross_entropy": (
        "    # the sigmoid's slope cancels against the cross-entropy's\n"
        "    return activations[-1] - labels[:, None]"
    ),
    "squared_error": "    return 2 * (activations[-1] - labels[:, None]) * slopes[-1]",
}

MEAN_INPUT_WHY = (
    "# Wrong whenever a layer is not linear: the network's loss at the average input is not\n"
    "# the average of its losses.\n"
)
AVERAGED_ERROR_WHY = (
    "# Wrong whenever a layer is not linear: each weight gradient becomes a product of batch\n"
    "# means (error times activation) where the true one is the mean of the products.\n"
)

FORWARD_BY_HAND = """

def forward(params, inputs):
    \"\"\"Every layer's activation a (a⁰ = the inputs) and slope g'(z), each (N, width):
    z = a_prev W^T + b, a = g(z), a sigmoid on the output.\"\"\"
    activations, slopes = [inputs], []
    for index, (W, b) in enumerate(params):
        z = activations[-1] @ W.T + b
        if index == len(params) - 1:
            a = OUTPUT_VALUE
            slopes.append(a * (1 - a))
        else:
            a = HIDDEN_VALUE
            slopes.append(HIDDEN_SLOPE)
        activations.append(a)
    return activations, slopes


def output_error(activations, slopes, labels):
    \"\"\"dL/dz of the output layer for each example, (N, 1).\"\"\"
OUTPUT_ERROR


def backward(params, slopes, delta_out):
    \"\"\"Every layer's error delta, last to first: delta = (delta_next W_next) * g'(z).\"\"\"
    deltas = [delta_out]
    for layer in range(len(params) - 1, 0, -1):
        deltas.insert(0, (deltas[0] @ params[layer][0]) * slopes[layer - 1])
    return deltas
"""

MEAN_ERROR_BY_HAND = f"""

def mean_error_backprop(params, inputs, labels):
    \"\"\"The shortcut, by hand: average the output error, every activation and every slope
    over the batch, then one backward pass with the averages.\"\"\"
    {AVERAGED_ERROR_WHY.replace(chr(10), chr(10) + "    ").rstrip()}
    activations, slopes = forward(params, inputs)
    delta_out = output_error(activations, slopes, labels).mean(MEAN_AXIS)
    mean_activations = [a.mean(MEAN_AXIS) for a in activations]
    mean_slopes = [s.mean(MEAN_AXIS) for s in slopes]
    deltas = backward(params, mean_slopes, delta_out)
    return [(d.T @ a, d[0]) for d, a in zip(deltas, mean_activations[:-1])]
"""

NUMPY_VARIANTS = f"""

def gradient_of_mean_loss(params, inputs, labels):
    \"\"\"Right: batched backprop of the mean loss. The matrix product in each layer sums the
    examples' own products of error and activation: per-example backprop, vectorised.\"\"\"
    activations, slopes = forward(params, inputs)
    deltas = backward(params, slopes, output_error(activations, slopes, labels) / len(labels))
    return [(d.T @ a, d.sum(axis=0)) for d, a in zip(deltas, activations[:-1])]


def mean_of_gradients(params, inputs, labels):
    \"\"\"Right, the same numbers: every example's own gradient, then their mean.\"\"\"
    activations, slopes = forward(params, inputs)
    deltas = backward(params, slopes, output_error(activations, slopes, labels))
    return [
        (np.einsum("ni,nj->nij", d, a).mean(axis=0), d.mean(axis=0))
        for d, a in zip(deltas, activations[:-1])
    ]


def gradient_at_mean_input(params, inputs, labels):
    \"\"\"The shortcut: one forward and backward pass on the averaged example.\"\"\"
    {MEAN_INPUT_WHY.replace(chr(10), chr(10) + "    ").rstrip()}
    return mean_of_gradients(
        params, inputs.mean(axis=0, keepdims=True), labels.mean(axis=0, keepdims=True)
    )
{MEAN_ERROR_BY_HAND.replace("MEAN_AXIS", "axis=0, keepdims=True")}

gradients = {{
    name: variant(initial, inputs, labels)
    for name, variant in [
        ("gradient_of_mean_loss", gradient_of_mean_loss),
        ("mean_of_gradients", mean_of_gradients),
        ("gradient_at_mean_input", gradient_at_mean_input),
        ("mean_error_backprop", mean_error_backprop),
    ]
}}
"""

# The forward pass and the loss, as the autograd scripts (PyTorch, JAX) both write them.
AUTOGRAD_FORWARD = """
def logit(params, inputs):
    \"\"\"The network's output before its sigmoid, one per example.\"\"\"
    a = inputs
    for W, b in params[:-1]:
        a = hidden(a @ W.T + b)
    W, b = params[-1]
    return (a @ W.T + b)[..., 0]


def loss_of_logit(z, label):
    \"\"\"Each example's loss from its output logit z.\"\"\"
LOSS_OF_LOGIT
"""

TORCH_VARIANTS = f"""
{AUTOGRAD_FORWARD}

def example_loss(params, x_i, label):
    return loss_of_logit(logit(params, x_i), label)


X = torch.from_numpy(inputs)
Y = torch.from_numpy(labels)
params = [(torch.from_numpy(W), torch.from_numpy(b)) for W, b in initial]
for W, b in params:
    W.requires_grad_()
    b.requires_grad_()


def grads():
    \"\"\"The gradients the last backward() left, layer by layer; cleared for the next.\"\"\"
    found = [(W.grad.clone(), b.grad.clone()) for W, b in params]
    for W, b in params:
        W.grad, b.grad = None, None
    return found


# Right: the loss averaged over the batch, one backward pass (batched backprop).
loss_of_logit(logit(params, X), Y).mean().backward()
gradient_of_mean_loss = grads()

# Right, the same numbers: every example's own gradient (vmap of grad), then the mean.
detached = [(W.detach(), b.detach()) for W, b in params]
per_example = torch.func.vmap(torch.func.grad(example_loss), in_dims=(None, 0, 0))(detached, X, Y)
mean_of_gradients = [(gW.mean(dim=0), gb.mean(dim=0)) for gW, gb in per_example]

# The shortcut: average the inputs (and labels) first, then one forward and backward pass.
{MEAN_INPUT_WHY}x_mean, y_mean = X.mean(0, keepdim=True), Y.mean(0, keepdim=True)
loss_of_logit(logit(params, x_mean), y_mean).mean().backward()
gradient_at_mean_input = grads()

# The shortcut: a backward pass by hand that averages the output error first.


FORWARD_BY_HAND{MEAN_ERROR_BY_HAND.replace("MEAN_AXIS", "0, keepdim=True")}

with torch.no_grad():
    mean_error = mean_error_backprop(detached, X, Y)

gradients = {{
    "gradient_of_mean_loss": gradient_of_mean_loss,
    "mean_of_gradients": mean_of_gradients,
    "gradient_at_mean_input": gradient_at_mean_input,
    "mean_error_backprop": mean_error,
}}
gradients = {{
    name: [(gW.detach().numpy(), gb.detach().numpy()) for gW, gb in layers]
    for name, layers in gradients.items()
}}
"""

JAX_VARIANTS = f"""
{AUTOGRAD_FORWARD}

def mean_loss(params, inputs, labels):
    return loss_of_logit(logit(params, inputs), labels).mean()


def example_loss(params, x_i, label):
    return loss_of_logit(logit(params, x_i), label)


X = jnp.asarray(inputs)
Y = jnp.asarray(labels)
params = [(jnp.asarray(W), jnp.asarray(b)) for W, b in initial]

# Right: jax.grad of the mean loss over the batch (batched backprop).
gradient_of_mean_loss = jax.grad(mean_loss)(params, X, Y)

# Right, the same numbers: every example's own gradient (vmap of grad), then the mean.
per_example = jax.vmap(jax.grad(example_loss), in_axes=(None, 0, 0))(params, X, Y)
mean_of_gradients = [(gW.mean(axis=0), gb.mean(axis=0)) for gW, gb in per_example]

# The shortcut: average the inputs (and labels) first, then differentiate once.
{MEAN_INPUT_WHY}gradient_at_mean_input = jax.grad(mean_loss)(
    params, X.mean(axis=0, keepdims=True), Y.mean(axis=0, keepdims=True)
)

# The shortcut: a backward pass by hand that averages the output error first.


FORWARD_BY_HAND{MEAN_ERROR_BY_HAND.replace("MEAN_AXIS", "axis=0, keepdims=True")}

gradients = {{
    "gradient_of_mean_loss": gradient_of_mean_loss,
    "mean_of_gradients": mean_of_gradients,
    "gradient_at_mean_input": gradient_at_mean_input,
    "mean_error_backprop": mean_error_backprop(params, X, Y),
}}
gradients = {{
    name: [(np.asarray(gW), np.asarray(gb)) for gW, gb in layers]
    for name, layers in gradients.items()
}}
"""

REPORT = """

def compare(candidate, truth):
    \"\"\"How far a variant's gradient is from the true one: relative error and cosine.\"\"\"
    norm = float(np.linalg.norm(truth))
    difference = float(np.linalg.norm(candidate - truth))
    candidate_norm = float(np.linalg.norm(candidate))
    cosine = None
    if norm > 0 and candidate_norm > 0:
        cosine = float(np.clip(candidate @ truth / (norm * candidate_norm), -1, 1))
    relative = difference / norm if norm > 0 else (0.0 if difference == 0 else math.inf)
    return {"rel_error": finite(relative), "cosine": None if cosine is None else finite(cosine)}


COMPARED = ("mean_of_gradients", "gradient_at_mean_input", "mean_error_backprop")
layers = []
for index in range(len(SIZES) - 1):
    for part, kind in ((0, "weights"), (1, "biases")):
        truth = gradients["gradient_of_mean_loss"][index][part]
        layers.append(
            {
                "name": f"layer {index + 1}",
                "kind": kind,
                "shape": list(truth.shape),
                "true_norm": float(np.linalg.norm(truth.ravel())),
                "variants": {
                    name: compare(gradients[name][index][part].ravel(), truth.ravel())
                    for name in COMPARED
                },
            }
        )
        shortcut = layers[-1]["variants"]["mean_error_backprop"]
        print(f"layer {index + 1} {kind:8} averaged-error relative error {shortcut['rel_error']}")
"""


def network_script(
    arch: Architecture,
    points: LabelledPoints | None,
    dataset: str,
    seed: int,
    framework: str,
    page_url: str,
) -> GeneratedScript:
    """``points``: the reader's own data set (dataset=custom); else ``dataset`` is drawn."""
    check_framework(framework)
    notes = [
        f"A {'-'.join(str(s) for s in arch.sizes)} network, {arch.activation} hidden layers,"
        f" a sigmoid output, {arch.loss.replace('_', ' ')} loss, at its initial weights.",
    ]
    imports_code = imports(framework, with_numpy=True)
    if framework == "torch" and arch.loss == "cross_entropy":  # binary_cross_entropy_with_logits
        imports_code = imports_code.replace(
            "import torch\n", "import torch\nimport torch.nn.functional as F\n"
        )
    title = "per-layer gradients of a small network, four ways"
    sections = (
        ("", header(title, framework, page_url, notes)),
        ("Imports", imports_code + FINITE),
        (
            "The data and the initial weights",
            f"SEED = {seed}\nSIZES = {list(arch.sizes)}  # inputs, hidden layers, output\n"
            + _data(points, dataset)
            + INITIAL_WEIGHTS,
        ),
        (
            "The four variants",
            (_activation(framework, arch.activation) + _variants(framework, arch)).lstrip("\n"),
        ),
        ("Layer by layer", REPORT.lstrip("\n")),
        ("The numbers", json_line('{"layers": layers}')),
    )
    return GeneratedScript(sections, REQUIRES[framework])


def _data(points: LabelledPoints | None, dataset: str) -> str:
    if points is None:
        return (
            f"\n# The page's {dataset} data set: 200 points drawn from the seed.{DATASETS[dataset]}"
        )
    rows = [[float(a), float(b)] for a, b in points.inputs]
    listed = ",\n    ".join(number_list(row) for row in rows)
    return (
        "\n# The page's own points (x1, x2) and their labels.\n"
        f"inputs = np.array(\n    [\n    {listed},\n    ]\n)\n"
        f"labels = np.array({number_list(points.labels)})\n"
    )


def _activation(framework: str, activation: str) -> str:
    value, _ = ACTIVATIONS[framework][activation]
    if framework == "numpy":
        return ""
    return (
        f"\n\ndef hidden(z):\n    return {value}  # the hidden layers' activation, {activation}\n"
    )


def _forward_by_hand(framework: str, arch: Architecture) -> str:
    value, slope = ACTIVATIONS[framework][arch.activation]
    return (
        FORWARD_BY_HAND.replace("OUTPUT_VALUE", SIGMOID[framework].replace("z", "z"))
        .replace("HIDDEN_VALUE", value)
        .replace("HIDDEN_SLOPE", slope)
        .replace("OUTPUT_ERROR", OUTPUT_ERROR[arch.loss])
    )


def _variants(framework: str, arch: Architecture) -> str:
    by_hand = _forward_by_hand(framework, arch)
    if framework == "numpy":
        return by_hand + NUMPY_VARIANTS
    template = TORCH_VARIANTS if framework == "torch" else JAX_VARIANTS
    return template.replace("LOSS_OF_LOGIT", LOSS_OF_LOGIT[(framework, arch.loss)]).replace(
        "FORWARD_BY_HAND", by_hand.lstrip("\n")
    )
