"""A page asks its live feed for the one drawing of each chart it shows (``drawing=``)."""

import pytest

QUERIES = {
    "scalar": "f=tanh(2x)&x=-1,0.5,2",
    "model": "learning_rate=0.07&steps=30",
    "network": "epochs=5&frames=none",
}


@pytest.mark.parametrize("kind", QUERIES)
@pytest.mark.parametrize("drawing", ["wide", "narrow"])
def test_a_live_answer_for_one_drawing_is_the_full_answer_with_that_drawing_alone(
    client, kind, drawing
):
    full = client.get(f"/{kind}/live?{QUERIES[kind]}").json()
    one = client.get(f"/{kind}/live?{QUERIES[kind]}&drawing={drawing}").json()
    other = "narrow" if drawing == "wide" else "wide"
    assert one["charts"].keys() == full["charts"].keys()
    for name, svg in one["charts"].items():
        assert svg.count("<svg class=") == 1 and f"static-{drawing}" in svg
        assert f"static-{other}" not in svg
        assert svg in full["charts"][name]  # the very drawing the full answer has
    assert one.pop("query") == f"{QUERIES[kind]}&drawing={drawing}"  # echoed as asked
    del one["charts"], full["charts"], full["query"]
    assert one == full  # and everything else is the same: numbers, panels, legends, links


def test_the_socket_answers_with_the_drawing_asked_for(client):
    query = f"{QUERIES['model']}&drawing=narrow"
    with client.websocket_connect("/model/live") as socket:
        socket.send_text(query)
        answer = socket.receive_json()
    assert answer["query"] == query
    assert all("static-wide" not in svg for svg in answer["charts"].values())
    assert answer == client.get(f"/model/live?{query}").json()
