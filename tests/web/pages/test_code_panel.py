"""The Code panel on every explorer page and in every live answer: the page's own scripts with
the reader's numbers, escaped, their links, and the last line they print beside the JSON twin."""

import json
import re
from html import unescape
from urllib.parse import parse_qsl

import pytest

from app.web.explorers.registry import EXPLORERS
from app.web.sharing.code import FRAMEWORKS, code_links, script_for

QUERIES = {
    "scalar": "f=tanh(2x)&x=-1.5,0.25,3",
    "model": "model=m*x%2Bb&loss=(y-f)%5E2&params=m%3D0.5,b%3D-1&x=1,2,3.5&y=2,4.25,7",
    "batches": "batch_size=2&batches=all&seed=7",
    "network": "epochs=10&seed=3",
}
SITE = "http://testserver"  # the test client's host: a script names the page it came from
READER_NUMBERS = {"scalar": ["0.25", "-1.5"], "model": ["3.5", "4.25"]}


def values(kind: str, query: str) -> dict[str, str]:
    return EXPLORERS[kind].values(dict(parse_qsl(query, keep_blank_values=True)))


def canonical(kind: str, query: str) -> str:
    return EXPLORERS[kind].query(values(kind, query))


def tab_panel(html: str, framework: str) -> str:
    """A page's tab panel for ``framework``: up to the next one, or to the last line."""
    start = html.index(f'role="tabpanel" id="code-{framework}"')
    ends = [html.find(mark, start + 1) for mark in ('role="tabpanel"', 'id="code-last"')]
    return html[start : min([end for end in ends if end != -1], default=len(html))]


def code_in(part: str, framework: str) -> str:
    """The script a tab shows, as text (the HTML has it escaped)."""
    match = re.search(rf'<code id="code-text-{framework}">(.*?)</code></pre>', part, re.S)
    assert match, f"no {framework} code"
    assert "<" not in match.group(1)  # text only: every < and & of the script escaped
    return unescape(match.group(1))


def shown_code(html: str, framework: str) -> str:
    return code_in(tab_panel(html, framework), framework)


@pytest.mark.parametrize("kind", list(QUERIES))
def test_every_explorer_page_has_the_panel_with_its_scripts(client, kind):
    html = client.get(f"/{kind}?{QUERIES[kind]}").text
    section = '<section class="code-panel" id="code-panel" aria-labelledby="code-heading"'
    assert f'{section} data-storage="gradient-lens-code">' in html  # the inline script's key
    tabs = re.findall(r'role="tab" id="code-tab-(\w+)"[^>]*aria-controls="code-(\w+)"', html)
    assert tabs == [(framework, framework) for framework in FRAMEWORKS]
    explorer = EXPLORERS[kind]
    for framework in FRAMEWORKS:
        script = script_for(explorer, values(kind, QUERIES[kind]), framework, SITE)
        assert script is not None
        assert shown_code(html, framework) == script.code
        for number in READER_NUMBERS.get(kind, []):
            assert number in script.code
        part = tab_panel(html, framework)
        links = code_links(kind, canonical(kind, QUERIES[kind]), framework)
        for name in ("download", "notebook", "json"):
            assert f'href="{links[name].replace("&", "&amp;")}"' in part
        assert f'download="{script.filename}"' in part


def last_line(html: str) -> str:
    match = re.search(r'aria-label="The last line printed"><code>(.*?)</code>', html, re.S)
    assert match, "no last line"
    return match.group(1)


def assert_close(got, want) -> None:
    """Numbers to 1e-9 relative, everything else equal, through any nesting."""
    if isinstance(want, dict):
        assert set(got) == set(want)
        for key in want:
            assert_close(got[key], want[key])
    elif isinstance(want, float):
        assert got == pytest.approx(want, rel=1e-9, abs=1e-12)
    else:
        assert got == want


@pytest.mark.parametrize("kind", ["scalar", "model", "batches"])
def test_the_last_line_shown_is_the_json_twin_s_numbers(client, kind):
    html = client.get(f"/{kind}?{QUERIES[kind]}").text
    printed = json.loads(unescape(last_line(html)))
    twin = client.get(f"/api/v1/{kind}?{QUERIES[kind]}").json()
    assert printed, "an empty last line"
    for field, value in printed.items():
        assert_close(value, twin[field])
    if kind == "scalar":
        assert set(printed) == {"mean_of_gradients", "gradient_at_mean", "gap"}
        assert printed["mean_of_gradients"] != pytest.approx(printed["gradient_at_mean"])
    if kind == "model":
        assert "variants" in printed


def test_a_live_answer_carries_the_shown_tab_s_script_for_its_own_input(client):
    query = "f=x%5E3&x=1,2,4"
    for framework in FRAMEWORKS:
        panels = client.get(f"/scalar/live?{query}&code={framework}").json()["panels"]
        script = script_for(EXPLORERS["scalar"], values("scalar", query), framework, SITE)
        assert set(panels) >= {f"code-{framework}", "code-last"}
        assert not set(panels) & {f"code-{other}" for other in FRAMEWORKS if other != framework}
        assert code_in(panels[f"code-{framework}"], framework) == script.code
        assert json.loads(unescape(last_line(panels["code-last"])))["mean_of_gradients"] == 21.0
    default = client.get("/scalar/live?code=torch").json()["panels"]["code-torch"]
    assert "[1.0, 2.0, 4.0]" in script.code and "[1.0, 2.0, 4.0]" not in default


@pytest.mark.parametrize("code", ["", "&code=fortran", "&code="])
def test_a_live_answer_naming_no_known_framework_writes_no_script(client, code):
    """An embed's answers (no Code panel), or a framework that is not one of the three."""
    answer = client.get(f"/scalar/live?f=x%5E3&x=1,2,4&theme=dark{code}").json()
    assert answer["error"] is None
    assert not any(name.startswith("code") for name in answer["panels"])


def test_a_refused_input_gets_no_script_but_keeps_the_tabs_targets(client):
    html = client.get("/scalar?f=sigmoid(x))&x=0,1").text
    for framework in FRAMEWORKS:
        part = tab_panel(html, framework)
        assert "There is no script for input the page refuses" in part
        assert "<pre" not in part
    assert "The last line printed" not in html


def test_the_share_panel_links_a_notebook_in_each_framework(client):
    html = client.get(f"/model?{QUERIES['model']}").text
    share = html[html.index('<details class="share-panel"') :]
    for framework in FRAMEWORKS:
        href = code_links("model", canonical("model", QUERIES["model"]), framework)["notebook"]
        assert f'href="{href.replace("&", "&amp;")}"' in share
