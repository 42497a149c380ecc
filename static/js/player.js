// Play, pause and scrub through the frames of a run (descent steps, training epochs). The
// player sets one hidden form field (step=, epoch=) and lets the form's live feed do the rest:
// each frame is a live answer from the server, so the address, the permalink, the numbers and
// the charts all follow, and play waits for each frame to be drawn before asking for the next.
// Editing any other field starts a new run, shown at its last frame. The controls are buttons
// and a range input (arrow keys, Home, End); nothing moves until the reader presses Play.
// A printout shows the run's last frame: the player keeps that answer at hand (asking for it
// once a run is scrubbed) and shows it for the print, then the reader's frame again.
(function () {
  "use strict";

  var FRAME_MS = 120;  // the shortest time a frame stays on screen while playing

  function Player(box) {
    this.box = box;
    this.form = box.closest("form");
    this.feed = new window.GradientLens.LiveFeed(this.form.getAttribute("data-live"));  // GET only
    this.field = box.querySelector("input[type=hidden]");
    this.range = box.querySelector(".player-range");
    this.toggle = box.querySelector(".player-toggle");
    this.status = box.querySelector(".player-status");
    this.name = box.getAttribute("data-field");
    this.frames = JSON.parse(box.getAttribute("data-frames") || "[]");
    this.playing = false;
    this.timer = null;
    this.current = null;  // the latest answer drawn
    this.final = null;  // {run, data}: the last frame's answer of the run being looked at
    var self = this;
    this.range.addEventListener("input", function () { self.show(Number(self.range.value)); });
    box.querySelector(".player-back").addEventListener("click", function () {
      self.pause();
      self.step(-1);
    });
    box.querySelector(".player-forward").addEventListener("click", function () {
      self.pause();
      self.step(1);
    });
    this.toggle.addEventListener("click", function () {
      if (self.playing) self.pause(); else self.play();
    });
    // Before the live form reads the fields: an edit elsewhere is a new run, seen at its end.
    this.form.addEventListener("input", function (event) { self.onEdit(event); }, true);
    this.form.addEventListener("change", function (event) { self.onEdit(event); }, true);
    this.form.addEventListener("gl:rendered", function (event) { self.onAnswer(event.detail); });
    this.form.addEventListener("gl:filled", function () { self.pause(); self.field.value = ""; });
    box.hidden = this.frames.length === 0;
    // A printout shows the last frame (LiveForm draws every chart of it at once), then this one.
    window.addEventListener("beforeprint", function () { self.beforePrint(); });
    window.addEventListener("afterprint", function () { self.afterPrint(); });
    if (this.field.value) this.fetchFinal();
  }

  // The form's query; without the frame (`run`), what identifies a run.
  Player.prototype.query = function (run) {
    var params = new URLSearchParams();
    var field = this.field;
    Array.prototype.forEach.call(this.form.elements, function (el) {
      if (el.name && !(run && el === field)) params.append(el.name, el.value);
    });
    return params.toString();
  };

  Player.prototype.run = function () { return this.query(true); };

  Player.prototype.fetchFinal = function () {
    var run = this.run();
    if (this.final && this.final.run === run) return;
    var self = this;
    this.final = { run: run, data: null };
    this.feed.get(run)
      .then(function (data) { if (self.final && self.final.run === run) self.final.data = data; })
      .catch(function () { self.final = null; });
  };

  Player.prototype.beforePrint = function () {
    this.printed = false;
    var final = this.final;
    if (!this.field.value || !final || !final.data || final.run !== this.run()) return;
    this.printed = true;
    this.form.dispatchEvent(new CustomEvent("gl:show", { detail: final.data }));
  };

  Player.prototype.afterPrint = function () {
    if (!this.printed) return;
    this.printed = false;
    if (this.current) {
      this.form.dispatchEvent(new CustomEvent("gl:show", { detail: this.current }));
      return;
    }
    var self = this;  // the page was opened on this frame: ask for it again
    this.feed.get(this.query(false)).then(function (data) {
      self.form.dispatchEvent(new CustomEvent("gl:show", { detail: data }));
    });
  };

  Player.prototype.onEdit = function (event) {
    if (event.target === this.range || event.target === this.field) return;
    if (!event.target.name) return;  // the paste box and other helpers send no query
    this.pause();
    this.field.value = "";
  };

  Player.prototype.last = function () { return this.frames.length - 1; };

  // Frame `index` of the list: the field, the labels, then the form asks for it.
  Player.prototype.show = function (index) {
    index = Math.max(0, Math.min(this.last(), index));
    this.range.value = String(index);
    this.field.value = index === this.last() ? "" : String(this.frames[index]);
    this.label(index);
    this.field.dispatchEvent(new Event("input", { bubbles: true }));
  };

  Player.prototype.step = function (by) { this.show(Number(this.range.value) + by); };

  Player.prototype.label = function (index) {
    var text = this.name + " " + this.frames[index] + " of " + this.frames[this.last()];
    this.status.textContent = text;
    this.range.setAttribute("aria-valuetext", text);
  };

  Player.prototype.play = function () {
    if (this.frames.length < 2) return;
    if (Number(this.range.value) >= this.last()) this.show(0);
    else this.step(1);
    this.playing = true;
    this.toggle.textContent = "Pause";
    this.toggle.setAttribute("aria-pressed", "true");
  };

  Player.prototype.pause = function () {
    clearTimeout(this.timer);
    this.playing = false;
    this.toggle.textContent = "Play";
    this.toggle.setAttribute("aria-pressed", "false");
  };

  // A live answer arrived (any: a frame, an edit, a preset): take its frames, then go on.
  Player.prototype.onAnswer = function (data) {
    if (!data || !data.player) return;
    var player = data.player;
    if (!data.partial) this.current = data;
    if (player.frame === null && !data.partial) this.final = { run: this.run(), data: data };
    else if (player.frame !== null) this.fetchFinal();
    this.frames = player.frames;
    this.range.max = String(this.last());
    this.box.hidden = false;
    // An answer for an earlier frame, while the reader's newer one is on its way: keep theirs.
    if ((player.frame === null ? "" : String(player.frame)) !== this.field.value) return;
    this.range.value = String(player.index);
    this.label(player.index);
    if (!this.playing) return;
    if (player.index >= this.last()) { this.pause(); return; }
    var self = this;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { if (self.playing) self.step(1); }, FRAME_MS);
  };

  Array.prototype.forEach.call(document.querySelectorAll(".player[data-field]"), function (box) {
    new Player(box);
  });
})();
