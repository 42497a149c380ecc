"""What every generated script shares: its imports, its header, numbers as literals, the
JSON last line, and the functions printed from the reader's trees."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.core.code_printing import DIALECTS, CodePrinter
from app.core.nodes import Node

FRAMEWORKS = ("numpy", "torch", "jax")
LABELS = {"numpy": "NumPy", "torch": "PyTorch", "jax": "JAX"}
REQUIRES = {"numpy": ("numpy",), "torch": ("torch",), "jax": ("jax[cpu]",)}

_FLOAT64 = "  # float64 throughout, as the page computes\n"
_SETUP = {
    "torch": "torch.set_default_dtype(torch.float64)" + _FLOAT64,
    "jax": 'jax.config.update("jax_enable_x64", True)' + _FLOAT64,
}


def imports(framework: str, with_numpy: bool = False) -> str:
    """The script's imports (NumPy too when it draws data or batches as the page does)."""
    modules = {
        "numpy": ["import numpy as np"],
        "torch": ["import torch"],
        "jax": ["import jax", "import jax.numpy as jnp"],
    }[framework]
    if with_numpy and framework != "numpy":
        modules = sorted([*modules, "import numpy as np"])
    code = "import json\nimport math\n\n" + "\n".join(modules) + "\n"
    return code + ("\n" + _SETUP[framework] if framework in _SETUP else "")


ARRAY = {"numpy": "np.array", "torch": "torch.tensor", "jax": "jnp.array"}

FINITE = '''

def finite(value):
    """A number for JSON: NaN and infinities travel as null, as in the API's answer."""
    value = float(value)
    return value if math.isfinite(value) else None


'''


@dataclass(frozen=True)
class GeneratedScript:
    """A script as titled sections, in order: a notebook makes each a cell under its title
    (a section without a title is the script's opening comment, which a notebook says in
    words instead)."""

    sections: tuple[tuple[str, str], ...]
    requires: tuple[str, ...]

    @property
    def code(self) -> str:
        """The sections in order; one that opens with a definition gets PEP 8's two blank
        lines before it, so the script is clean by a linter's standard too."""
        text = ""
        for _, code in self.sections:
            if text and code.startswith(("def ", "class ", "@")):
                text = text.rstrip("\n") + "\n\n\n"
            text += code
        return text


def check_framework(framework: str) -> None:
    if framework not in FRAMEWORKS:
        raise ValueError(f"unknown framework '{framework}'; choose one of {', '.join(FRAMEWORKS)}")


def header(title: str, framework: str, page_url: str, notes: Sequence[str] = ()) -> str:
    """The opening comment: what the script shows, where the page is, how to run it."""
    lines = [
        f"# Gradient Lens: {title}, in {LABELS[framework]}.",
        f"# Reproduces the page {page_url}",
        "# Run it with `python <this file>`; the last line it prints is one JSON object with the",
        "# page's numbers, the same fields as the page's JSON twin (/api/v1/...), to 1e-9.",
        *(f"# {note}" for note in notes),
    ]
    return "\n".join(lines) + "\n"


def number(value: float) -> str:
    """An exact float64 literal (``repr`` round-trips)."""
    if math.isinf(value):
        return "math.inf" if value > 0 else "-math.inf"
    return repr(float(value))


def number_list(values: Iterable[float], indent: int = 4, width: int = 92) -> str:
    """``[v1, v2, ...]`` with exact literals, wrapped to ``width`` columns."""
    items = [number(float(v)) for v in values]
    one_line = "[" + ", ".join(items) + "]"
    if len(one_line) + indent <= width:
        return one_line
    lines, line = [], ""
    for item in items:
        candidate = f"{line} {item}," if line else f"{item},"
        if len(candidate) + indent + 4 > width and line:
            lines.append(line)
            line = f"{item},"
        else:
            line = candidate
    lines.append(line)
    pad = " " * (indent + 4)
    return "[\n" + "\n".join(pad + line for line in lines) + "\n" + " " * indent + "]"


def array(framework: str, values: Iterable[float], indent: int = 0) -> str:
    """A float64 array literal in the framework's own arrays."""
    literal = number_list(values, indent=indent)
    if framework == "torch":
        return f"torch.tensor({literal}, dtype=torch.float64)"
    return f"{ARRAY[framework]}({literal})"


def function(
    name: str,
    arguments: Sequence[str],
    body: Node,
    framework: str,
    names: dict[str, str],
    doc: str,
    per_example: str | None = None,
    printer: CodePrinter | None = None,
) -> str:
    """``def name(arguments): return <body>`` printed from the tree. Shared sub-trees become
    local names (t1, t2, ...), computed once as the core computes them. ``per_example``: a
    variable the body may not depend on, whose shape the result must take anyway (one value
    per example, as the framework's autograd and batching need)."""
    printer = printer or CodePrinter(DIALECTS[framework], names)
    printer.temporaries = {}
    lines = printer.statements([body])
    result = printer.expression(body)
    if per_example is not None:
        result = broadcast(framework, result, per_example)
    code = [f"def {name}({', '.join(arguments)}):", f'    """{doc}"""']
    for line in lines:
        target, _, value = line.partition(" = ")
        code.append(wrapped(f"    {target} = ", value))
    code.append(wrapped("    return ", result))
    return "\n".join(code) + "\n"


WIDTH = 99


def wrapped(lead: str, expression: str) -> str:
    """``lead + expression`` on one line if it fits; else the expression in parentheses, one
    line per term of its outermost sum (a long product stays on its line)."""
    if len(lead) + len(expression) <= WIDTH:
        return lead + expression
    terms, depth, start = [], 0, 0
    for index, char in enumerate(expression):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 and expression.startswith((" + ", " - "), index):
            terms.append(expression[start:index])
            start = index + 1
    terms.append(expression[start:])
    if len(terms) == 1:
        return lead + expression
    pad = " " * (len(lead) - len(lead.lstrip()) + 4)
    body = "\n".join(pad + term for term in terms)
    return f"{lead}(\n{body}\n{pad[:-4]})"


def broadcast(framework: str, code: str, like: str) -> str:
    """``code`` (which does not depend on ``like``) with ``like``'s shape: adding zeros leaves
    every value as it is."""
    zeros = {"numpy": "np.zeros_like", "torch": "torch.zeros_like", "jax": "jnp.zeros_like"}
    return f"{code} + {zeros[framework]}({like})"


def helpers(printers: Iterable[CodePrinter]) -> str:
    """The helper definitions every printer used, each once."""
    seen: dict[str, str] = {}
    for printer in printers:
        for name in sorted(printer.used_helpers):
            seen[name] = printer.dialect.helpers[name]
    if not seen:
        return ""
    return "\n\n" + "\n\n\n".join(seen[name] for name in sorted(seen)) + "\n"


def json_line(fields: str) -> str:
    """The script's last line: one JSON object, ``fields`` a dict display in the script."""
    return f"\nresult = {fields}\nprint(json.dumps(result))\n"
