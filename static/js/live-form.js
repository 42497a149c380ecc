// Live updates for any explorer form marked data-live="/endpoint": as the reader edits, ask the
// server's live feed (live-feed.js) for the new results panel and the charts' SVG drawings, and
// put them in place (charts.js: a chart under Plotly's magnifying glass goes back to its SVG).
// Bursts are coalesced: at most one request is in flight, and the latest input wins. A run that
// streams as it trains is drawn as it comes (unless the reader prefers reduced motion), and an
// edit during the stream gives it up at once instead of waiting for its end.
// Without JavaScript each form is a plain GET form whose URL is the permalink.
(function () {
  "use strict";

  var ADDRESS_DELAY_MS = 250;
  var BUSY_AFTER_MS = 200;  // an answer slower than this (a long network run) is shown as coming
  var REDUCED_MOTION = window.matchMedia("(prefers-reduced-motion: reduce)");
  var CODE_PANEL = document.getElementById("code-panel");
  // The chart drawing CSS shows at this width (site.css: .static-narrow); the live feed draws
  // only that one, half the server's drawing and half the SVG for the page to take in.
  var NARROW = window.matchMedia("(max-width: 40rem)");

  function LiveForm(form) {
    this.form = form;
    this.feed = new window.GradientLens.LiveFeed(form.getAttribute("data-live"));
    this.panels = form.getAttribute("data-panels").split(/\s+/).map(function (id) {
      return document.getElementById(id);
    }).filter(Boolean);
    var embed = form.closest(".embed-controls");
    this.theme = embed ? embed.getAttribute("data-theme") : null;
    this.charts = document.getElementById(form.getAttribute("data-charts"));
    this.inFlight = false;
    this.pending = false;
    this.streaming = false;
    this.tickets = 0;
    this.shown = this.query();  // the server drew the page for what the form holds now
    this.legends = {};  // each chart's legend HTML as last put in place
    var self = this;
    // Across the width where the other drawing is shown: ask for it (until it comes, CSS shows
    // the one drawing there is).
    NARROW.addEventListener("change", function () { if (self.shown !== self.query()) self.request(); });
    ["focusin", "pointerdown"].forEach(function (name) {  // the reader is about to edit
      form.addEventListener(name, function () { self.feed.connect(); }, { passive: true });
    });
    form.addEventListener("input", function () { self.request(); });
    form.addEventListener("change", function () { self.request(); });
    form.addEventListener("submit", function (event) { event.preventDefault(); self.request(); });
    // Another script shows an answer it holds (the player: the last frame, for a printout).
    form.addEventListener("gl:show", function (event) { self.render(event.detail, true); });
    Array.prototype.forEach.call(form.querySelectorAll("a.preset[data-query]"), function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        self.fill(new URLSearchParams(link.getAttribute("data-query")));
      });
    });
  }

  LiveForm.prototype.fields = function () {
    return Array.prototype.filter.call(this.form.elements, function (el) { return el.name; });
  };

  LiveForm.prototype.query = function () {
    var params = new URLSearchParams();
    this.fields().forEach(function (el) { params.append(el.name, el.value); });
    if (this.theme) params.append("theme", this.theme);
    if (REDUCED_MOTION.matches) params.append("frames", "none");  // no frames on the way to draw
    // The Code panel's tab, while it is in view (code-panel.js): the answer carries its script.
    if (CODE_PANEL && CODE_PANEL.hasAttribute("data-in-view")) {
      params.append("code", document.documentElement.getAttribute("data-code"));
    }
    params.append("drawing", NARROW.matches ? "narrow" : "wide");
    return params.toString();
  };

  LiveForm.prototype.fill = function (params) {
    this.fields().forEach(function (el) {
      if (params.has(el.name)) el.value = params.get(el.name);
    });
    this.form.dispatchEvent(new CustomEvent("gl:filled"));
    this.request();
  };

  LiveForm.prototype.request = function () {
    var query = this.query();
    if (this.inFlight) {
      if (this.streaming && query !== this.asked) this.send(query);  // give the stream up
      else this.pending = true;
      return;
    }
    if (query === this.shown) return;  // e.g. the "change" after the "input" it follows
    this.send(query);
  };

  LiveForm.prototype.send = function (query) {
    var ticket = ++this.tickets;  // answers to questions given up on are dropped
    this.inFlight = true;
    this.pending = false;
    this.streaming = false;
    this.asked = query;
    var self = this;
    var mine = function () { return ticket === self.tickets; };
    clearTimeout(this.busyTimer);
    this.busyTimer = setTimeout(function () { self.markBusy(true); }, BUSY_AFTER_MS);
    this.feed.ask(query, function (partial) {
      if (!mine()) return;
      self.streaming = true;
      if (!REDUCED_MOTION.matches) {
        self.markBusy(false);  // the frames show that it is coming
        self.render(partial);
      }
    })
      .then(function (data) {
        if (!mine()) return;
        self.render(data);
        self.shown = query;
      }, function (reason) {
        if (mine() && reason !== window.GradientLens.LiveFeed.givenUp) self.markStale(true);
      })
      .then(function () {
        if (!mine()) return;
        self.markBusy(false);
        self.inFlight = false;
        self.streaming = false;
        if (self.pending) self.request();
      });
  };

  // aria-busy on the panels and charts while a slow answer is on its way: assistive technology
  // waits for it, and the page dims them a little (site.css).
  LiveForm.prototype.markBusy = function (busy) {
    if (!busy) clearTimeout(this.busyTimer);
    this.panels.concat(this.charts ? [this.charts] : []).forEach(function (element) {
      if (busy) element.setAttribute("aria-busy", "true");
      else element.removeAttribute("aria-busy");
    });
  };

  LiveForm.prototype.markStale = function (stale) {
    this.panels.forEach(function (panel) { panel.classList.toggle("stale", stale); });
  };

  LiveForm.prototype.showErrors = function (error) {
    this.fields().forEach(function (el) {
      var box = document.getElementById("error-" + el.name);
      if (!box) return;
      box.textContent = "";
      el.removeAttribute("aria-invalid");
      if (!error || error.field !== el.name) return;
      el.setAttribute("aria-invalid", "true");
      box.appendChild(document.createTextNode(error.message));
      if (error.column) {
        var caret = document.createElement("pre");
        caret.className = "caret";
        caret.setAttribute("aria-hidden", "true");
        caret.textContent = el.value + "\n" + " ".repeat(Math.max(0, error.column - 1)) + "^";
        box.appendChild(caret);
      }
    });
  };

  // `quiet`: an answer shown for a moment (a printout): the address is left alone.
  LiveForm.prototype.render = function (data, quiet) {
    this.showErrors(data.error);
    var caption = document.getElementById("embed-caption");
    if (caption && data.caption) caption.textContent = data.caption;
    var permalink = document.getElementById("permalink");
    var twin = document.getElementById("json-twin");
    if (permalink) permalink.href = data.permalink;
    if (twin) twin.href = data.json_twin;
    this.markStale(Boolean(data.error));
    if (data.error) return;
    if (this.charts) this.charts.hidden = false;
    var legends = this.legends;
    Object.keys(data.charts).forEach(function (name) {  // charts first: the SVG is what changes most
      var container = document.getElementById("chart-" + name);
      var legend = data.legends[name];  // undefined: the legend in place is this one already
      window.GradientLens.showChart(
        container, data.charts[name], legend === legends[name] ? undefined : legend, data.figures_url
      );
      legends[name] = legend;
    });
    this.panels.forEach(function (panel) {  // one the answer leaves out (a Code tab not shown) stays
      if (panel.id in data.panels) window.GradientLens.patchHtml(panel, data.panels[panel.id]);
    });
    Object.keys(data.charts).forEach(function (name) {
      var summary = document.getElementById("chart-" + name + "-summary");
      if (summary && summary.textContent !== data.summaries[name]) summary.textContent = data.summaries[name];
      var actions = document.getElementById("chart-" + name + "-actions");
      if (actions && data.actions) window.GradientLens.patchHtml(actions, data.actions[name]);
    });
    if (quiet) return;
    if (!this.theme) this.settleAddress(data);
    this.form.dispatchEvent(new CustomEvent("gl:rendered", { detail: data }));
  };

  // A page's address is its permalink (an embed keeps its own). It is updated once the reader
  // pauses: each history entry change and title change is work for the browser process as well,
  // several ms that would otherwise delay every redraw while someone types or drags a slider
  // (Chromium also fetches and decodes the page's icon again). An edit on its way when the
  // time comes is no pause: the address waits (its answer, once drawn, settles it instead).
  LiveForm.prototype.settleAddress = function (data) {
    clearTimeout(this.addressTimer);
    var self = this;
    this.addressTimer = setTimeout(function () {
      if (self.inFlight) { self.settleAddress(data); return; }
      history.replaceState(null, "", data.permalink);
      document.title = data.title;
      var twin = document.querySelector('link[rel="alternate"][type="application/json"]');
      if (twin) twin.href = data.json_twin;  // for tools that read the head, as the page link
    }, ADDRESS_DELAY_MS);
  };

  Array.prototype.forEach.call(document.querySelectorAll("form[data-live]"), function (form) {
    new LiveForm(form);
  });
})();
