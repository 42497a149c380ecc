"""The live feed over a WebSocket: the same answers as GET /{kind}/live, one per message."""

import json
import logging

import pytest
from starlette.websockets import WebSocketDisconnect
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from app.middleware.body_limit import MAX_BODY_BYTES
from app.web.explorers import network as network_explorer
from app.web.explorers.network import PreviewClock

QUERIES = {
    "scalar": ["f=sigmoid(x)&x=0,1", "f=tanh(2x)%2Bx%5E2&x=-1,0.5,2&theme=dark", "f=x%20%2B&x=1"],
    "model": ["", "model=w*x&loss=(y_hat-y)%5E2&w0=3&steps=4"],
    "network": ["epochs=3"],
}


@pytest.mark.parametrize(("kind", "query"), [(k, q) for k, qs in QUERIES.items() for q in qs])
def test_each_message_is_answered_as_the_get_answers_it(client, kind, query):
    with client.websocket_connect(f"/{kind}/live") as socket:
        socket.send_text(query)
        answer = socket.receive_json()
        while answer["partial"]:  # a run watched as it trains: the last answer is the whole
            answer = socket.receive_json()
    assert answer == client.get(f"/{kind}/live?{query}").json()
    assert answer["query"] == query
    assert answer["permalink"].startswith(f"/{kind}?")
    assert "http://testserver/embed/" in answer["panels"]["share"]  # ws:// never leaks out


def test_the_headline_numbers_arrive_over_the_socket(client):
    with client.websocket_connect("/scalar/live") as socket:
        socket.send_text("f=sigmoid(x)&x=0,1")
        panel = socket.receive_json()["panels"]["results"]
    assert 'data-testid="mean-of-gradients">0.2233<' in panel
    assert 'data-testid="gradient-at-mean">0.2350<' in panel


def test_answers_come_in_the_order_asked(client):
    with client.websocket_connect("/scalar/live") as socket:
        for x in ("0,1", "0,2", "0,3"):
            socket.send_text(f"f=x%5E2&x={x}")
        permalinks = [socket.receive_json()["permalink"] for _ in range(3)]
    assert permalinks == [f"/scalar?f=x%5E2&x=0%2C{x}" for x in (1, 2, 3)]


def test_bad_input_is_an_answer_with_its_column_not_a_closed_socket(client):
    with client.websocket_connect("/scalar/live") as socket:
        socket.send_text("f=sin(x))&x=1")
        error = socket.receive_json()["error"]
        socket.send_text("f=x&x=2")  # and the socket goes on answering
        assert socket.receive_json()["error"] is None
    assert error["field"] == "f" and error["column"] == 7  # the second ")"


def test_binary_and_oversized_messages_close_the_socket_with_a_reason(client):
    with client.websocket_connect("/scalar/live") as socket:
        socket.send_bytes(b"f=x")
        with pytest.raises(WebSocketDisconnect) as closed:
            socket.receive_text()
    assert closed.value.code == 1003 and "text" in closed.value.reason
    with client.websocket_connect("/scalar/live") as socket:
        socket.send_text("x=" + "1," * MAX_BODY_BYTES)
        with pytest.raises(WebSocketDisconnect) as closed:
            socket.receive_text()
    assert closed.value.code == 1009 and str(MAX_BODY_BYTES) in closed.value.reason


def test_pages_of_other_sites_cannot_open_the_socket(client, caplog):
    with (
        caplog.at_level(logging.INFO, logger="gradient_lens.access"),
        pytest.raises(WebSocketDisconnect) as refused,
        client.websocket_connect("/scalar/live", headers={"origin": "https://elsewhere.example"}),
    ):
        pass
    assert refused.value.code == 1008
    [line] = [r.fields for r in caplog.records if r.getMessage() == "websocket refused"]
    assert line["path"] == "/scalar/live" and line["status"] == 403
    assert line["origin"] == "https://elsewhere.example"
    with client.websocket_connect(
        "/scalar/live", headers={"origin": "http://testserver"}
    ) as socket:  # this site's own pages and embeds
        socket.send_text("f=x&x=1")
        assert socket.receive_json()["error"] is None


def test_each_message_gets_an_access_log_line(client, caplog):
    with (
        caplog.at_level(logging.INFO, logger="gradient_lens.access"),
        client.websocket_connect("/scalar/live") as socket,
    ):
        for x in (1, 2):
            socket.send_text(f"f=x&x={x}")
            socket.receive_text()
    lines = [r.fields for r in caplog.records if r.getMessage() == "live message"]
    assert [line["path"] for line in lines] == ["/scalar/live"] * 2
    assert lines[0]["request_id"].endswith("-1") and lines[1]["request_id"].endswith("-2")
    assert lines[0]["request_id"][:-2] == lines[1]["request_id"][:-2]  # one connection
    assert all(line["characters"] > 1000 and line["duration_ms"] >= 0 for line in lines)


def test_the_real_server_answers_on_the_socket_and_refuses_oversized_frames(server_url):
    address = server_url.replace("http://", "ws://") + "/scalar/live"
    with connect(address) as socket:  # uvicorn, with the websockets package
        socket.send("f=sigmoid(x)&x=0,1")
        answer = json.loads(socket.recv(timeout=10))
    assert answer["summaries"]["derivative"].startswith("Chart of f′(x)")
    assert f"{server_url}/embed/scalar?" in answer["panels"]["share"]
    with connect(address) as socket:
        socket.send("x=" + "1," * MAX_BODY_BYTES)  # too big to be read at all
        with pytest.raises(ConnectionClosed) as closed:
            socket.recv(timeout=10)
    assert closed.value.rcvd.code == 1009
    assert "frame exceeds limit" in closed.value.rcvd.reason  # uvicorn's own, not the app's


@pytest.fixture
def every_frame(monkeypatch):
    """A streamed run sends a frame at every frame epoch, however quickly it trains."""
    monkeypatch.setattr(network_explorer, "PREVIEWS", PreviewClock(first_after=0, every=0))


def test_a_new_network_run_streams_as_it_trains(client, every_frame):
    query = "dataset=moons&epochs=40&seed=101"  # a run no test has asked for
    with client.websocket_connect("/network/live") as socket:
        socket.send_text(query)
        answers = [socket.receive_json()]
        while answers[-1]["partial"]:
            answers.append(socket.receive_json())
    assert len(answers) >= 3
    assert all(a["query"] == query for a in answers)
    assert answers[0]["caption"].endswith("after 0 of 40 epochs.")
    shown = [a["player"]["status"] for a in answers]
    assert shown[0] == "epoch 0 of 40" and shown[-1] == "epoch 40 of 40"
    final = client.get(f"/network/live?{query}").json()
    assert answers[-1]["charts"] == final["charts"]  # the server's drawings, the same
    # each frame's loss curve is the start of the whole run's
    whole = client.get(answers[-1]["figures_url"]).json()["loss"]["data"][0]["y"]
    frames = [a["player"]["frames"][a["player"]["index"]] for a in answers]
    for epoch in frames:
        figures = client.get(f"/network/figures?{query}&epoch={epoch}").json()
        curve = figures["loss"]["data"][0]["y"]
        assert curve == whole[: len(curve)]
    with client.websocket_connect("/network/live") as socket:  # trained now: one answer
        socket.send_text(query)
        assert socket.receive_json()["partial"] is False


def test_a_reader_who_prefers_reduced_motion_gets_no_frames_on_the_way(client, every_frame):
    query = "dataset=moons&epochs=30&seed=105&frames=none"  # a new run, frames at every epoch
    with client.websocket_connect("/network/live") as socket:
        socket.send_text(query)
        answer = socket.receive_json()
    assert answer["partial"] is False and answer["query"] == query
    assert answer["player"]["status"] == "epoch 30 of 30"
    assert "frames" not in answer["permalink"]


def test_a_run_trained_sooner_than_its_first_frame_is_due_is_answered_once(client):
    with client.websocket_connect("/network/live") as socket:
        socket.send_text("dataset=xor&epochs=3&seed=104")  # trained in a millisecond or so
        answer = socket.receive_json()
    assert answer["partial"] is False and answer["player"]["status"] == "epoch 3 of 3"


def test_a_newer_question_cuts_a_stream_short(client, every_frame):
    slow = "dataset=moons&epochs=150&hidden=32%2C32&seed=102&batch_size=40"
    quick = "dataset=xor&epochs=5&seed=103"
    with client.websocket_connect("/network/live") as socket:
        socket.send_text(slow)
        first = socket.receive_json()
        assert first["partial"] and first["query"] == slow
        socket.send_text(quick)
        answers = [socket.receive_json()]
        while answers[-1]["query"] != quick or answers[-1]["partial"]:
            answers.append(socket.receive_json())
    assert all(a["partial"] for a in answers if a["query"] == slow)  # the slow run never ended
    assert answers[-1]["caption"].startswith("xor data")
