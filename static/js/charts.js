// Draw every chart on the page from its figure JSON (a <script type="application/json">).
// The toolbar downloads PNG and SVG under the chart's own file name (data-filename).
// Exposes GradientLens.drawChart so the live-update script can redraw with Plotly.react.
(function () {
  "use strict";

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
    if (!window.Plotly || !container || !figure || !figure.data) return;
    window.Plotly.react(container, figure.data, figure.layout, config(container));
  }

  function drawAll() {
    var containers = document.querySelectorAll("[data-figure]");
    Array.prototype.forEach.call(containers, function (container) {
      var source = document.getElementById(container.getAttribute("data-figure"));
      if (!source) return;
      drawChart(container, JSON.parse(source.textContent));
      container.setAttribute("data-drawn", "true");
    });
  }

  window.GradientLens = window.GradientLens || {};
  window.GradientLens.drawChart = drawChart;

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
