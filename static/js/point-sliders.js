// One range slider per point of the scalar explorer (up to 12): dragging a point rewrites the
// points field, and the live form recomputes. Built by script, so readers without JS never see
// controls that would do nothing.
(function () {
  "use strict";

  var MAX_SLIDERS = 12;
  var xInput = document.getElementById("input-x");
  var box = document.getElementById("point-sliders");
  if (!xInput || !box) return;

  function parsePoints(text) {
    var numbers = text.split(/[\s,;]+/).filter(Boolean).map(Number);
    return numbers.every(isFinite) ? numbers : null;
  }

  function onSlide() {
    var values = Array.prototype.map.call(box.querySelectorAll("input"), function (s) { return s.value; });
    xInput.value = values.join(", ");
    xInput.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function build() {
    var points = parsePoints(xInput.value);
    if (!points || points.length === 0 || points.length > MAX_SLIDERS) {
      box.hidden = true;
      return;
    }
    var existing = box.querySelectorAll("input");
    if (existing.length === points.length) {
      points.forEach(function (p, i) {
        if (document.activeElement !== existing[i]) existing[i].value = p;
      });
      box.hidden = false;
      return;
    }
    box.textContent = "";
    points.forEach(function (p, i) {
      var label = document.createElement("label");
      label.className = "slider";
      var name = document.createElement("span");
      name.textContent = "x" + (i + 1);
      var slider = document.createElement("input");
      slider.type = "range";
      slider.min = String(Math.min(-6, Math.floor(p)));
      slider.max = String(Math.max(6, Math.ceil(p)));
      slider.step = "0.01";
      slider.value = String(p);
      slider.setAttribute("aria-label", "Point " + (i + 1));
      slider.addEventListener("input", function (event) { event.stopPropagation(); onSlide(); });
      label.appendChild(name);
      label.appendChild(slider);
      box.appendChild(label);
    });
    box.hidden = false;
  }

  xInput.addEventListener("input", build);
  xInput.form.addEventListener("gl:filled", build);
  build();
})();
