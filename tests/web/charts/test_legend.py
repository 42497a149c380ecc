"""The HTML legend under each chart: which traces it lists, their swatches, escaping."""

from __future__ import annotations

from app.web.charts.figures import line, markers
from app.web.charts.legend import legend_entries, legend_html
from app.web.charts.palette import BLUE, ORANGE
from app.web.explorers.model import MODEL
from app.web.explorers.scalar import scalar_context


def test_lists_named_traces_and_skips_hidden_and_colour_scales():
    figure = {
        "data": [
            {**line([0, 1], [0, 1], "guide", BLUE), "showlegend": False},
            line([0, 1], [1, 2], "f(x)", BLUE),
            markers([0], [1], "points", ORANGE, "diamond"),
            {"type": "heatmap", "name": "P(label 1)", "z": [[0, 1]]},
            {"type": "contour", "name": "J", "z": [[0, 1]], "showlegend": True},
        ]
    }
    entries = legend_entries(figure)
    assert [(e.name, e.traces) for e in entries] == [("f(x)", (1,)), ("points", (2,)), ("J", (4,))]
    assert "<line " in entries[0].swatch and "<path " in entries[1].swatch  # line; diamond


def test_a_legend_group_is_one_entry_that_toggles_all_its_traces():
    path = {**line([0, 1], [0, 1], "plain GD", BLUE), "legendgroup": "gd"}
    arrow = {**line([0, 1], [1, 1], "arrow", BLUE), "legendgroup": "gd", "showlegend": False}
    entries = legend_entries({"data": [path, markers([0], [0], "start", ORANGE), arrow]})
    assert [(e.name, e.traces) for e in entries] == [("plain GD", (0, 2)), ("start", (1,))]


def test_html_is_toggle_buttons_with_escaped_names():
    html = str(legend_html({"data": [line([0], [0], "<b>a & b</b>", BLUE, dash="dash")]}))
    assert html.startswith('<li><button type="button" class="legend-entry" aria-pressed="true"')
    assert 'data-traces="0"' in html and 'stroke-dasharray="5 3"' in html
    assert "&lt;b&gt;a &amp; b&lt;/b&gt;" in html and "<b>" not in html


def test_scalar_legend_names_carry_the_two_numbers():
    context = scalar_context({"f": "sigmoid(x)", "x": "0, 1"})
    names = [e.name for e in legend_entries(context["figures"]["derivative"])]
    assert "mean of the gradients = 0.2233" in names
    assert "gradient at the mean = 0.2350" in names
    assert context["figures"]["derivative"]["layout"]["showlegend"] is False  # Plotly's is off


def test_model_landscape_groups_each_descent_path_with_its_arrow():
    context = MODEL.build(MODEL.values({}))
    entries = legend_entries(context["figures"]["landscape"])
    grouped = [e for e in entries if len(e.traces) == 2]
    assert len(grouped) >= 2  # the shortcuts' paths each with their arrow at θ₀
    data = context["figures"]["landscape"]["data"]
    for entry in grouped:
        assert len({data[i]["legendgroup"] for i in entry.traces}) == 1
