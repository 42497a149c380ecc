// The live feed of one explorer form: answers to "what does the page show for this query?".
// Asked over a WebSocket at the feed's own address once one is open (in Chromium an HTTP
// request costs 3-5 ms more than a message, a tenth of a live update), and by a plain
// GET <endpoint>?<query> until then, or whenever the socket is closed or refused. Both answer
// with the same JSON (app/web/live/answer.py). The form asks one question at a time, so an answer
// on the socket always belongs to the question last sent.
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
      self.settle("resolve", event.data);
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

  // The answer for `query` (a query string), as parsed JSON.
  LiveFeed.prototype.ask = function (query) {
    var socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN || this.waiting) {
      this.connect();
      return this.get(query);
    }
    var self = this;
    return new Promise(function (resolve, reject) {
      var silent = function () { self.drop(socket, "no answer"); };
      var timer = setTimeout(silent, LiveFeed.answerTimeoutMs);
      self.waiting = { resolve: resolve, reject: reject, timer: timer };
      socket.send(query);
    }).then(JSON.parse, function () { return self.get(query); });  // closed or silent
  };

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
