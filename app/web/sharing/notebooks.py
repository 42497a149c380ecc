"""A view as a Jupyter notebook (nbformat 4): the page's explanation in Markdown with its
formulas in LaTeX, the script split into titled cells, the headline chart drawn with Plotly
from the notebook's own numbers, and a last cell that checks them against the page's."""

from __future__ import annotations

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from app.web.explorers.explorer import Explorer
from app.web.sharing.code import FRAMEWORK_LABELS, Script
from app.web.sharing.notebook_cells import chart_cell, check_cell, introduction

KERNEL = {"name": "python3", "display_name": "Python 3", "language": "python"}
CHART_TITLE = {
    "scalar": "The headline chart: the derivative, its mean and its value at the mean",
    "model": "The headline chart: the loss landscape and each variant's step",
    "batches": "The headline chart: bias and spread against the batch size",
    "network": "The headline chart: how wrong each shortcut is, layer by layer",
}


def notebook_for(explorer: Explorer, values: dict[str, str], script: Script, page_url: str):
    """The notebook of ``script`` (already checked: the page accepts ``values``)."""
    cells = [
        new_markdown_cell(
            introduction(explorer.kind, values, FRAMEWORK_LABELS[script.framework], page_url)
        )
    ]
    for title, code in script.sections:
        if not title:
            continue  # the script's opening comment: the introduction says it in words
        cells.append(new_markdown_cell(f"## {title}"))
        cells.append(new_code_cell(code.strip("\n")))
    cells.append(new_markdown_cell(f"## {CHART_TITLE[explorer.kind]}"))
    cells.append(new_code_cell(chart_cell(explorer.kind, script.framework, values).strip("\n")))
    cells.append(new_markdown_cell("## Do the numbers match the page's?"))
    cells.append(new_code_cell(check_cell(script.expected).strip("\n")))
    notebook = new_notebook(
        cells=cells,
        metadata={
            "kernelspec": KERNEL,
            "language_info": {"name": "python"},
            "gradient_lens": {"page": page_url, "framework": script.framework},
        },
    )
    nbformat.validate(notebook)
    return notebook


def notebook_text(notebook) -> str:
    return nbformat.writes(notebook)
