// Live updates for the scalar explorer: as the reader types or drags a point, ask the server
// for the new results panel and figures and redraw with Plotly.react.
// Bursts of input are coalesced: at most one request is in flight, and the latest input wins.
// Without JavaScript the form still works as a plain GET form (its URL is the permalink).
(function () {
  "use strict";

  var MAX_SLIDERS = 12;
  var form = document.getElementById("scalar-form");
  if (!form) return;
  var fInput = document.getElementById("input-f");
  var xInput = document.getElementById("input-x");
  var results = document.getElementById("results");
  var charts = document.getElementById("scalar-charts");
  var sliders = document.getElementById("point-sliders");
  var inFlight = false;
  var pending = false;

  function query() {
    return "f=" + encodeURIComponent(fInput.value) + "&x=" + encodeURIComponent(xInput.value);
  }

  function request() {
    if (inFlight) { pending = true; return; }
    inFlight = true;
    pending = false;
    fetch(form.getAttribute("data-live") + "?" + query(), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(render)
      .catch(function () { results.classList.add("stale"); })
      .then(function () {
        inFlight = false;
        if (pending) request();
      });
  }

  function showError(field, error, value) {
    var box = document.getElementById("error-" + field);
    var input = field === "f" ? fInput : xInput;
    box.textContent = "";
    input.removeAttribute("aria-invalid");
    if (!error || error.field !== field) return;
    input.setAttribute("aria-invalid", "true");
    box.appendChild(document.createTextNode(error.message));
    if (error.column) {
      var caret = document.createElement("pre");
      caret.className = "caret";
      caret.setAttribute("aria-hidden", "true");
      caret.textContent = value + "\n" + " ".repeat(Math.max(0, error.column - 1)) + "^";
      box.appendChild(caret);
    }
  }

  function render(data) {
    showError("f", data.error, fInput.value);
    showError("x", data.error, xInput.value);
    document.getElementById("permalink").href = data.permalink;
    document.getElementById("json-twin").href = data.json_twin;
    if (data.error) {
      results.classList.add("stale");
      return;
    }
    results.classList.remove("stale");
    results.innerHTML = data.html;
    charts.hidden = false;
    ["function", "derivative"].forEach(function (name) {
      var container = document.getElementById("chart-" + name);
      window.GradientLens.drawChart(container, data.figures[name]);
      container.setAttribute("aria-label", data.summaries[name]);
      container.parentNode.querySelector(".chart-summary").textContent = data.summaries[name];
    });
    history.replaceState(null, "", data.permalink);
    document.title = "Explorer: " + fInput.value + " — Gradient Lens";
  }

  // -- point sliders ---------------------------------------------------------------------------
  function parsePoints(text) {
    var items = text.split(/[\s,;]+/).filter(Boolean);
    var numbers = items.map(Number);
    return numbers.every(isFinite) ? numbers : null;
  }

  function buildSliders() {
    var points = parsePoints(xInput.value);
    if (!points || points.length === 0 || points.length > MAX_SLIDERS) {
      sliders.hidden = true;
      return;
    }
    var existing = sliders.querySelectorAll("input");
    if (existing.length === points.length) {
      points.forEach(function (p, i) { if (document.activeElement !== existing[i]) existing[i].value = p; });
      return;
    }
    sliders.textContent = "";
    points.forEach(function (p, i) {
      var label = document.createElement("label");
      label.className = "slider";
      var span = document.createElement("span");
      span.textContent = "x" + (i + 1);
      var input = document.createElement("input");
      input.type = "range";
      input.min = String(Math.min(-6, Math.floor(p)));
      input.max = String(Math.max(6, Math.ceil(p)));
      input.step = "0.01";
      input.value = String(p);
      input.setAttribute("aria-label", "Point " + (i + 1));
      input.addEventListener("input", onSlide);
      label.appendChild(span);
      label.appendChild(input);
      sliders.appendChild(label);
    });
    sliders.hidden = false;
  }

  function onSlide() {
    var values = Array.prototype.map.call(sliders.querySelectorAll("input"), function (s) { return s.value; });
    xInput.value = values.join(", ");
    request();
  }

  // -- wiring ----------------------------------------------------------------------------------
  fInput.addEventListener("input", request);
  xInput.addEventListener("input", function () { buildSliders(); request(); });
  form.addEventListener("submit", function (event) { event.preventDefault(); request(); });
  Array.prototype.forEach.call(document.querySelectorAll(".preset"), function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      fInput.value = link.getAttribute("data-f");
      xInput.value = link.getAttribute("data-x");
      buildSliders();
      request();
    });
  });
  buildSliders();
})();
