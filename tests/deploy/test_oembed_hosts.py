"""/oembed answers for the pages of this site only: URLs on the host the request came to (as
the proxy passes ``Host`` on) or on a host named in PUBLIC_HOSTS, under ROOT_PATH when there is
one; any other URL is a 404 that says why, as an oEmbed provider answers for URLs it does not
serve. Real servers (``python -m app``) with those settings."""

import json
import urllib.error
import urllib.request
from urllib.parse import quote

import pytest

from tests.conftest import serving

PUBLIC_HOSTS = "lens.example.edu, Tools.Example.edu:8443"


def oembed(base: str, url: str) -> tuple[int, dict]:
    request = f"{base}/oembed?url={quote(url, safe='')}"
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.fixture(scope="module")
def server() -> str:
    with serving(PUBLIC_HOSTS=PUBLIC_HOSTS) as url:
        yield url


@pytest.fixture(scope="module")
def prefixed() -> str:
    with serving(PUBLIC_HOSTS=PUBLIC_HOSTS, ROOT_PATH="/course/lens") as url:
        yield url


def host_of(base: str) -> str:
    return base.removeprefix("http://")


def test_a_page_of_the_host_asked_is_embedded(server):
    status, card = oembed(server, f"{server}/model?steps=5")
    assert status == 200
    assert card["provider_url"] == f"{server}/"
    assert f'src="{server}/embed/model?steps=5"' in card["html"]


@pytest.mark.parametrize(
    "url",
    [
        "http://lens.example.edu/scalar?f=tanh(x)&x=-1,2",
        "https://LENS.example.edu:443/scalar?f=tanh(x)&x=-1,2",  # the default port, any case
        "https://tools.example.edu:8443/scalar?f=tanh(x)&x=-1,2",
    ],
)
def test_a_page_of_a_public_host_is_embedded(server, url):
    status, card = oembed(server, url)
    assert status == 200
    assert card["title"] == "Gradient Lens: functions"
    assert f'src="{server}/embed/scalar?f=tanh(x)&amp;x=-1,2"' in card["html"]


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("http://evil.example/scalar", "evil.example"),
        ("http://tools.example.edu/scalar", "tools.example.edu"),  # its port is 8443
        ("http://lens.example.edu.evil.example/scalar", "lens.example.edu.evil.example"),
        ("http://lens.example.edu:8000/scalar", "lens.example.edu:8000"),
    ],
)
def test_a_page_of_another_host_is_a_404_that_says_why(server, url, host):
    served = f"{host_of(server)} or lens.example.edu or tools.example.edu:8443"
    assert oembed(server, url) == (
        404,
        {"detail": f"not a URL this app serves: its host is {host}, not {served}"},
    )


def test_behind_a_sub_path_the_prefix_is_part_of_the_address(prefixed):
    """As behind nginx (tests/deploy/test_behind_nginx.py): the proxy takes the prefix off the
    request's path, and the app writes it into every address."""
    status, card = oembed(prefixed, "http://lens.example.edu/course/lens/model")
    assert status == 200
    assert f'src="{prefixed}/course/lens/embed/model?"' in card["html"]
    status, _ = oembed(prefixed, f"{prefixed}/course/lens/")
    assert status == 200
    assert oembed(prefixed, "http://lens.example.edu/model") == (
        404,
        {"detail": "not a URL this app serves: its path is not under /course/lens/"},
    )
    served = f"{host_of(prefixed)} or lens.example.edu or tools.example.edu:8443"
    assert oembed(prefixed, "http://evil.example/course/lens/model") == (
        404,
        {"detail": f"not a URL this app serves: its host is evil.example, not {served}"},
    )
