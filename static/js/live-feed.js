// The live feed of one explorer form: answers to "what does the page show for this query?".
// Asked over a WebSocket at the feed's own address once one is open (in Chromium an HTTP
// request costs 3-5 ms more than a message, a tenth of a live update), and by a plain
// GET <endpoint>?<query> until then, or whenever the socket is closed or refused. Both answer
// with the same JSON (app/web/live/answer.py). Every answer echoes its question ("query"). A run
// watched as it trains (the network explorer) is streamed: answers marked "partial" come first,
// each handed to the asker as it arrives, then the last. The form asks one question at a time,
// except that it may give up on a stream: then the next question is sent at once, the server
// stops the stream, and what still arrives for the old question is ignored.
(function () {
  "use strict";

  var MAX_CLOSES = 3;  // sockets that keep closing unanswered (a proxy refuses them): stay on GET

  function LiveFeed(endpoint) {
    this.endpoint = endpoint;
    this.socket = null;
    this.waiting = null;  // {resolve, reject, timer} of the question on the socket
    this.closes = 0;
  }

  // Opens the socket ahead of the first edit; called when the reader reaches for the form.
  LiveFeed.prototype.connect = function () {
    if (this.socket || this.closes >= MAX_CLOSES || !window.WebSocket) return;
    var url = new URL(this.endpoint, location.href);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    var self = this;
    var socket = new WebSocket(url.href);
    socket.onmessage = function (event) {
      self.closes = 0;  // it works: only sockets that keep failing send the page to GET for good
      var data = JSON.parse(event.data);
      var waiting = self.waiting;
      if (!waiting || data.query !== waiting.query) return;  // for a question given up on
      if (data.partial) {
        clearTimeout(waiting.timer);
        waiting.timer = setTimeout(waiting.silent, LiveFeed.answerTimeoutMs);
        waiting.onPartial(data);
        return;
      }
      self.settle("resolve", data);
    };
    socket.onclose = function () { self.drop(socket, "the live socket closed"); };
    this.socket = socket;
  };

  LiveFeed.prototype.drop = function (socket, reason) {
    if (this.socket !== socket) return;
    this.socket = null;
    this.closes += 1;
    socket.onmessage = socket.onclose = null;
    if (socket.readyState < WebSocket.CLOSING) socket.close();
    this.settle("reject", new Error(reason));
  };

  LiveFeed.prototype.settle = function (outcome, value) {
    var waiting = this.waiting;
    this.waiting = null;
    if (!waiting) return;
    clearTimeout(waiting.timer);
    waiting[outcome](value);
  };

  // The last answer for `query` (a query string), as parsed JSON; `onPartial` gets the answers
  // a stream sends before it. Asking while a stream is in flight gives that stream up.
  LiveFeed.prototype.ask = function (query, onPartial) {
    var socket = this.socket;
    if (this.waiting && this.waiting.streaming) this.settle("reject", LiveFeed.givenUp);
    if (!socket || socket.readyState !== WebSocket.OPEN || this.waiting) {
      this.connect();
      return this.get(query);
    }
    var self = this;
    return new Promise(function (resolve, reject) {
      var waiting = {
        query: query,
        resolve: resolve,
        reject: reject,
        streaming: false,
        silent: function () { self.drop(socket, "no answer"); },
        onPartial: function (data) {
          waiting.streaming = true;
          if (onPartial) onPartial(data);
        },
      };
      waiting.timer = setTimeout(waiting.silent, LiveFeed.answerTimeoutMs);
      self.waiting = waiting;
      socket.send(query);
    }).catch(function (reason) {
      if (reason === LiveFeed.givenUp) throw reason;
      return self.get(query);  // closed or silent
    });
  };

  LiveFeed.givenUp = new Error("a newer question replaced this one");

  LiveFeed.prototype.get = function (query) {
    return fetch(this.endpoint + "?" + query, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); });
  };

  // Every answer takes well under a second (app/core/limits.py); a socket silent this long is
  // dead (a laptop that slept, a dropped network), and the question goes by GET instead.
  LiveFeed.answerTimeoutMs = 10000;

  window.GradientLens = window.GradientLens || {};
  window.GradientLens.LiveFeed = LiveFeed;
})();
