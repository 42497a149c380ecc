"""What the Code panel adds to a live answer: the server's time for one live edit with the
shown tab's script (what pages ask for), with all three frameworks' scripts (the alternative
not taken), against the same answer without a Code panel (an embed's), in the same rounds.

    python -m bench.code_panel [--rounds 7]

Every call moves a parameter to a value not asked before, so neither the scripts' cache nor any
other cache answers it: this is the cost of a keystroke.
"""

from __future__ import annotations

import argparse
import itertools
from collections.abc import Callable

from app.web.explorers.registry import EXPLORERS
from app.web.live.answer import live_answer
from app.web.sharing.code import FRAMEWORKS
from app.web.sharing.code_panel import code_tab
from bench.timing import interleaved_best, ratio_line

ROOT = "http://127.0.0.1:8000"
counter = itertools.count(1)


def edit(kind: str) -> dict[str, str]:
    """A query for ``kind`` with one number never used before."""
    value = f"{next(counter) / 9973:.6f}"
    if kind == "scalar":
        return {"f": "sigmoid(x)", "x": f"0, {1 + float(value):.6f}"}
    if kind == "network":
        return {"epochs": "10", "learning_rate": f"{0.5 + float(value) / 100:.6f}"}
    return {"params": f"m={value},b=0"}


def all_three(kind: str) -> None:
    """The answer as it would be with every framework's script in it."""
    explorer = EXPLORERS[kind]
    query = edit(kind)
    live_answer(ROOT, explorer, {**query, "code": "numpy"})
    canonical = explorer.query(explorer.values(query))
    permalink = f"/{kind}?{canonical}"
    context = {"query": canonical, "error": None, "permalink": permalink}
    context["share"] = {"page_url": ROOT + permalink}
    for framework in FRAMEWORKS[1:]:
        code_tab(explorer, context, framework)


def candidates(kind: str) -> dict[str, Callable[[], object]]:
    explorer = EXPLORERS[kind]
    return {
        "none": lambda: live_answer(ROOT, explorer, edit(kind)),
        "one": lambda: live_answer(ROOT, explorer, {**edit(kind), "code": "torch"}),
        "three": lambda: all_three(kind),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    for kind, explorer in EXPLORERS.items():
        for _ in range(2):  # warm: imports, compiled programs, templates
            live_answer(ROOT, explorer, {**edit(kind), "code": "numpy"})
        best = interleaved_best(candidates(kind), rounds=args.rounds)
        print(f"{kind}: the server's time for a live answer")
        for label, name in (
            ("without the Code panel (baseline)", "none"),
            ("with the shown tab's script (as served)", "one"),
            ("with all three frameworks' scripts", "three"),
        ):
            print(ratio_line(f"  {label}", best[name], best["none"], "without"))


if __name__ == "__main__":
    main()
