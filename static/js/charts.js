// Charts arrive as server-drawn SVG (readable at once, with or without JavaScript). Plotly.js
// is loaded on the reader's first interaction (pointer, key, touch, wheel) or the first live
// update, and then replaces each SVG with the same figure, interactive. Loading it during the
// page load would block the main thread for seconds on a phone.
// The toolbar downloads PNG and SVG under the chart's own file name (data-filename).
// Exposes GradientLens.drawChart for the live-update script.
(function () {
  "use strict";

  var INTERACTIONS = ["pointerdown", "pointermove", "keydown", "touchstart", "wheel"];
  var plotlyLoading = null;

  function loadPlotly() {
    if (window.Plotly) return Promise.resolve(window.Plotly);
    if (!plotlyLoading) {
      plotlyLoading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = document.body.getAttribute("data-plotly");
        script.onload = function () { resolve(window.Plotly); };
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return plotlyLoading;
  }

  // One config object per chart, reused: Plotly.react re-plots from scratch when it is
  // handed a different config, which would make every live update several times slower.
  var configs = new WeakMap();

  function config(container) {
    if (!configs.has(container)) configs.set(container, makeConfig(container));
    return configs.get(container);
  }

  function makeConfig(container) {
    var filename = container.getAttribute("data-filename") || "gradient-lens";
    return {
      responsive: true,
      displaylogo: false,
      modeBarButtonsToRemove: ["lasso2d", "select2d"],
      toImageButtonOptions: { format: "png", filename: filename, scale: 2 },
      modeBarButtonsToAdd: [{
        name: "downloadSvg",
        title: "Download as SVG",
        icon: window.Plotly.Icons.disk,
        click: function (gd) { window.Plotly.downloadImage(gd, { format: "svg", filename: filename }); },
      }],
    };
  }

  function drawChart(container, figure) {
    if (!container || !figure || !figure.data) return Promise.resolve();
    return loadPlotly().then(function (Plotly) {
      var still = container.querySelector(".static-chart");
      if (still) still.remove();
      return Plotly.react(container, figure.data, figure.layout, config(container));
    }).then(function () { container.setAttribute("data-drawn", "true"); });
  }

  function drawAll() {
    INTERACTIONS.forEach(function (name) { window.removeEventListener(name, drawAll, true); });
    var containers = document.querySelectorAll("[data-figure]");
    Array.prototype.forEach.call(containers, function (container) {
      var source = document.getElementById(container.getAttribute("data-figure"));
      if (source && !container.hasAttribute("data-drawn")) {
        drawChart(container, JSON.parse(source.textContent));
      }
    });
  }

  window.GradientLens = window.GradientLens || {};
  window.GradientLens.drawChart = drawChart;
  INTERACTIONS.forEach(function (name) {
    window.addEventListener(name, drawAll, { capture: true, passive: true });
  });
})();
