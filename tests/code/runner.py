"""Run many generated scripts in one Python process, each as ``python script.py`` runs it
(``runpy`` with ``__name__ == "__main__"``, its own globals, its own stdout), so that the
frameworks are imported once per process instead of once per script.

    python -m tests.code.runner results.json script1.py script2.py ...

writes ``{script: {"stdout": ..., "error": ...}}``.
"""

from __future__ import annotations

import contextlib
import io
import json
import runpy
import sys
import traceback


def run_all(paths: list[str]) -> dict[str, dict[str, str | None]]:
    results = {}
    for path in paths:
        out = io.StringIO()
        error = None
        try:
            with contextlib.redirect_stdout(out):
                runpy.run_path(path, run_name="__main__")
        except BaseException:  # a script's failure is a result to report, not the runner's
            error = traceback.format_exc()
        results[path] = {"stdout": out.getvalue(), "error": error}
    return results


if __name__ == "__main__":
    target, *scripts = sys.argv[1:]
    with open(target, "w") as file:
        json.dump(run_all(scripts), file)
