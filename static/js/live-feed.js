// The live feed of one explorer form: answers to "what does the page show for this query?".
// Asked over a WebSocket at the feed's own address once one is open (in Chromium an HTTP
// request costs 3-4 ms more than a message, a tenth of a live update), and by a plain
// GET <endpoint>?<query> until then, or whenever the socket is closed or refused. Both answer
// with the same JSON (app/web/live.py). The form asks one question at a time, so an answer
// on the socket always belongs to the question last sent.
(function () {
  "use strict";

  var MAX_CLOSES = 3;  // a socket that keeps closing (a proxy that refuses them): stay on GET

  function LiveFeed(endpoint) {
    this.endpoint = endpoint;
    this.socket = null;
    this.waiting = null;  // {resolve, reject} of the question on the socket
    this.closes = 0;
  }

  // Opens the socket ahead of the first edit; called when the reader reaches for the form.
  LiveFeed.prototype.connect = function () {
    if (this.socket || this.closes >= MAX_CLOSES || !window.WebSocket) return;
    var url = new URL(this.endpoint, location.href);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    var self = this;
    var socket = new WebSocket(url.href);
    socket.onmessage = function (event) { self.settle("resolve", event.data); };
    socket.onclose = function () {
      self.socket = null;
      self.closes += 1;
      self.settle("reject", new Error("the live socket closed"));
    };
    this.socket = socket;
  };

  LiveFeed.prototype.settle = function (outcome, value) {
    var waiting = this.waiting;
    this.waiting = null;
    if (waiting) waiting[outcome](value);
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
      self.waiting = { resolve: resolve, reject: reject };
      socket.send(query);
    }).then(JSON.parse, function () { return self.get(query); });  // closed meanwhile
  };

  LiveFeed.prototype.get = function (query) {
    return fetch(this.endpoint + "?" + query, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); });
  };

  window.GradientLens = window.GradientLens || {};
  window.GradientLens.LiveFeed = LiveFeed;
})();
