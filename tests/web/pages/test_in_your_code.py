"""The explainer's "In your code" section: the PyTorch lines it shows, escaped, and what they
compute when run (with torch, an autograd independent of the core's symbolic derivatives)."""

import re
from html import unescape

import pytest

from app.web.pages.explainer import ERROR_FIRST_LINES, INPUTS_FIRST_LINES, RIGHT_LINES


def section(html: str) -> str:
    match = re.search(r'<section id="in-your-code">(.*?)</section>', html, re.S)
    assert match, "no In your code section"
    return match.group(1)


def code_blocks(html: str) -> list[str]:
    blocks = re.findall(r"<pre[^>]*><code>(.*?)</code></pre>", html, re.S)
    return [unescape(code) for code in blocks]


def test_the_section_shows_the_right_lines_and_both_shortcuts(client):
    part = section(client.get("/").text)
    assert "<h2>In your code</h2>" in part
    assert code_blocks(part) == [RIGHT_LINES, INPUTS_FIRST_LINES, ERROR_FIRST_LINES]
    right = RIGHT_LINES.splitlines()
    assert [line.split("#")[0].strip() for line in right] == [
        "loss = F.mse_loss(pred, y)",
        "loss.backward()",
        "optimizer.step()",
    ]


def test_the_code_is_escaped_as_text(client):
    part = section(client.get("/").text)
    assert "reduction=&#34;mean&#34;" in part  # the quotes of the comment, as text
    assert 'reduction="mean"' not in part


def test_the_why_is_written_as_math_and_links_every_code_panel(client):
    part = section(client.get("/").text)
    assert part.count("<math") >= 5
    assert '<div class="math-display" tabindex="0">' in part  # the sum over the rows
    for kind in ("scalar", "model", "batches", "network"):
        assert f'href="/{kind}#code-panel"' in part


def run_lines(lines: str) -> dict[str, float]:
    """Run the page's lines on the question's line fit, m = b = 0, and read the gradients."""
    torch = pytest.importorskip("torch")
    model = torch.nn.Linear(1, 1, dtype=torch.float64)
    with torch.no_grad():
        model.weight.zero_()
        model.bias.zero_()
    x = torch.tensor([[1.0], [2.0], [3.0]], dtype=torch.float64)
    y = torch.tensor([[2.0], [4.0], [7.0]], dtype=torch.float64)
    names = {
        "F": torch.nn.functional,
        "model": model,
        "x": x,
        "y": y,
        "pred": model(x),
        "optimizer": torch.optim.SGD(model.parameters(), lr=0.0),
    }
    exec(lines, names)  # our own constant lines, never a reader's text
    return {"m": model.weight.grad.item(), "b": model.bias.grad.item()}


def test_the_lines_compute_what_the_page_says(client):
    query = {"model": "m*x+b", "loss": "(y-f)^2", "params": "m=0,b=0", "x": "1,2,3", "y": "2,4,7"}
    variants = client.get("/api/v1/model", params=query).json()["variants"]
    right = run_lines(RIGHT_LINES)
    inputs_first = run_lines(INPUTS_FIRST_LINES)
    error_first = run_lines(ERROR_FIRST_LINES)
    for name, got in (
        ("gradient_of_mean_loss", right),
        ("gradient_at_mean_input", inputs_first),
        ("mean_error_backprop", error_first),
    ):
        for parameter in ("m", "b"):
            assert got[parameter] == pytest.approx(variants[name][parameter], rel=1e-12)
    # by hand: residuals 2, 4, 7 at m = b = 0; -2 mean(x r) = -62/3, -2 mean(r) = -26/3
    assert right == pytest.approx({"m": -62 / 3, "b": -26 / 3})
    assert inputs_first["m"] == pytest.approx(-2 * 2 * 13 / 3)  # -2 mean(x) mean(r): off ...
    assert error_first["b"] == pytest.approx(right["b"])  # ... right for the bias
