// Charts arrive as server-drawn SVG (readable at once, with or without JavaScript). Plotly.js
// and the page's figures (GET /{kind}/figures, not inlined: half a page's weight) are loaded on
// the reader's first interaction (pointer, key, touch, wheel) or the first live update, and
// then Plotly replaces each SVG with the same figure, interactive. Loading it during the
// page load would block the main thread for seconds on a phone.
// Legends are HTML lists under the charts (Plotly's own legend is re-measured on every redraw);
// pressing an entry hides or shows its traces, and that choice survives live updates.
// The toolbar downloads PNG and SVG under the chart's own file name, with Plotly's legend on.
// A live update redraws only the charts in or near the viewport; one out of view keeps its
// latest figure and is drawn as it scrolls in (or before printing). A reader typing on a phone,
// with the charts below the keyboard, then waits for the numbers alone, not for two Plotly
// redraws per keystroke. Its legend and text summary are updated at once all the same.
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

  function config(container) {
    var filename = container.getAttribute("data-filename") || "gradient-lens";
    function button(name, title, icon, format) {
      return {
        name: name,
        title: title,
        icon: icon,
        click: function (gd) { download(gd, format, filename); },
      };
    }
    return {
      responsive: true,
      displaylogo: false,
      modeBarButtonsToRemove: ["lasso2d", "select2d", "toImage"],
      modeBarButtonsToAdd: [
        button("downloadPng", "Download as PNG", window.Plotly.Icons.camera, "png"),
        button("downloadSvg", "Download as SVG", window.Plotly.Icons.disk, "svg"),
      ],
    };
  }

  // A downloaded image has no HTML around it: it carries Plotly's legend and the y-axis title
  // (app/web/charts/figures.py: with_plotly_labels does the same for exported HTML files).
  function download(gd, format, filename) {
    var height = (gd.layout.height || gd.clientHeight) + 70;
    var layout = Object.assign({}, gd.layout, { showlegend: true, height: height });
    var yLabel = layout.meta && layout.meta.y_label;
    ["xaxis", "yaxis"].forEach(function (name) {
      if (layout[name]) layout[name] = Object.assign({}, layout[name], { automargin: true });
    });
    if (yLabel) layout.yaxis.title = { text: yLabel };
    return window.Plotly.downloadImage({ data: gd.data, layout: layout }, {
      format: format,
      filename: filename,
      width: gd.clientWidth,
      height: height,
      scale: format === "png" ? 2 : 1,
    });
  }

  // -- legends --------------------------------------------------------------------------------
  var hiddenEntries = new WeakMap();  // chart container -> Set of hidden entries' data-traces

  function hidden(container) {
    if (!hiddenEntries.has(container)) hiddenEntries.set(container, new Set());
    return hiddenEntries.get(container);
  }

  function legendOf(container) {
    return container.parentNode.querySelector(".chart-legend");
  }

  function traceIndices(entry) {
    return entry.getAttribute("data-traces").split(" ").map(Number);
  }

  // Forget hidden entries that the new legend no longer has (read from its HTML, before
  // the chart is drawn with the rest still hidden).
  function forgetMissing(container, html) {
    var present = new Set();
    html.replace(/data-traces="([^"]*)"/g, function (_, key) { present.add(key); });
    var keys = hidden(container);
    keys.forEach(function (key) { if (!present.has(key)) keys.delete(key); });
  }

  function patchLegend(container, html) {
    var legend = legendOf(container);
    if (!legend) return;
    window.GradientLens.patchHtml(legend, html);  // a focused entry stays focused
    var keys = hidden(container);
    Array.prototype.forEach.call(legend.querySelectorAll(".legend-entry"), function (entry) {
      entry.setAttribute("aria-pressed", String(!keys.has(entry.getAttribute("data-traces"))));
    });
  }

  function withHiddenTraces(container, data) {
    var off = new Set();
    hidden(container).forEach(function (key) { key.split(" ").forEach(function (i) { off.add(+i); }); });
    if (off.size === 0) return data;
    return data.map(function (trace, index) {
      return off.has(index) ? Object.assign({}, trace, { visible: "legendonly" }) : trace;
    });
  }

  function toggleEntry(entry) {
    var container = document.getElementById(entry.closest(".chart-legend").getAttribute("data-chart"));
    var keys = hidden(container);
    var key = entry.getAttribute("data-traces");
    var hide = !keys.has(key);
    if (hide) keys.add(key); else keys.delete(key);
    entry.setAttribute("aria-pressed", String(!hide));
    if (container.classList.contains("js-plotly-plot")) {  // Plotly has drawn it
      window.Plotly.restyle(container, { visible: hide ? "legendonly" : true }, traceIndices(entry));
    }  // otherwise Plotly is on its way (the press was an interaction) and draws without them
  }

  document.addEventListener("click", function (event) {
    var entry = event.target.closest && event.target.closest(".legend-entry");
    if (entry) toggleEntry(entry);
  });

  // -- charts out of view ---------------------------------------------------------------------
  var NEAR_VIEW = "200px 0px";  // drawn a little before it scrolls in
  var waiting = new Map();  // chart container -> the latest figure, not drawn while out of view
  var inView = new WeakMap();  // chart container -> whether it is near the viewport
  var observer = "IntersectionObserver" in window
    ? new IntersectionObserver(onVisibility, { rootMargin: NEAR_VIEW })
    : null;

  function onVisibility(entries) {
    entries.forEach(function (entry) {
      inView.set(entry.target, entry.isIntersecting);
      if (entry.isIntersecting) drawWaiting(entry.target);
    });
  }

  function drawWaiting(container) {
    var figure = waiting.get(container);
    if (!figure) return;
    drawChart(container, figure, undefined, true);
  }

  // Until the observer's first report, a chart counts as in view (drawn, as without it).
  function outOfView(container) {
    return inView.get(container) === false;
  }

  function observeCharts() {
    if (!observer) return;
    Array.prototype.forEach.call(document.querySelectorAll(".chart-plot"), function (container) {
      observer.observe(container);
    });
  }

  window.addEventListener("beforeprint", function () {
    Array.from(waiting.keys()).forEach(drawWaiting);
  });

  // -- light and dark -------------------------------------------------------------------------
  // Figures arrive in light colours (an embed's in its own theme). On a dark page Plotly draws
  // them recoloured as app/web/charts/figures.py themed() does, with the colours the page
  // carries in data-dark-chart; the server-drawn SVGs follow the page by CSS instead.
  var root = document.documentElement;
  var systemDark = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  var drawnFigures = new Map();  // chart container -> the figure it shows, before theming

  function pageIsDark() {
    if (root.classList.contains("theme-dark")) return true;
    if (root.classList.contains("theme-light")) return false;
    return Boolean(systemDark && systemDark.matches);
  }

  function darkColours() {
    var attribute = document.body.getAttribute("data-dark-chart");
    return attribute ? JSON.parse(attribute) : null;
  }

  function forPageTheme(figure) {
    var c = darkColours();
    if (!c || !pageIsDark()) return figure;
    var layout = Object.assign({}, figure.layout, {
      paper_bgcolor: c.paper,
      plot_bgcolor: c.plot,
      font: Object.assign({}, figure.layout.font, { color: c.ink }),
    });
    Object.keys(layout).forEach(function (key) {
      if (/^[xy]axis/.test(key) && layout[key]) {
        layout[key] = Object.assign({}, layout[key], { gridcolor: c.grid, zerolinecolor: c.grid });
      }
    });
    var data = figure.data.map(function (trace) {
      var recoloured = Object.assign({}, trace);
      if (trace.line && trace.line.color === c.light_ink) {
        recoloured.line = Object.assign({}, trace.line, { color: c.ink });
      }
      if (trace.marker && trace.marker.color === c.light_ink) {
        var outline = Object.assign({}, trace.marker.line, { color: c.light_ink, width: 2 });
        recoloured.marker = Object.assign({}, trace.marker, { color: c.ink, line: outline });
      }
      return recoloured;
    });
    return { data: data, layout: layout };
  }

  function redrawForTheme() {
    drawnFigures.forEach(function (figure, container) {
      if (document.body.contains(container)) draw(window.Plotly, container, figure);
      else drawnFigures.delete(container);
    });
  }

  document.addEventListener("gl:theme", redrawForTheme);
  if (systemDark && systemDark.addEventListener) systemDark.addEventListener("change", redrawForTheme);

  // -- drawing --------------------------------------------------------------------------------
  // Draws at once when Plotly is here, so a live update can draw its charts before it touches
  // the rest of the page: each Plotly measurement then lays out only the chart it changed.
  // A chart out of view only keeps the figure (and gets its legend), unless ``now``.
  var supplied = new WeakSet();  // charts that a live update has given a figure

  function drawChart(container, figure, legendHtml, now) {
    if (!container || !figure || !figure.data) return Promise.resolve();
    supplied.add(container);
    if (legendHtml !== undefined) forgetMissing(container, legendHtml);
    if (!now && outOfView(container)) {
      waiting.set(container, figure);
      if (legendHtml !== undefined) patchLegend(container, legendHtml);
      return Promise.resolve();
    }
    waiting.delete(container);
    if (window.Plotly) return draw(window.Plotly, container, figure, legendHtml);
    return loadPlotly().then(function (Plotly) { return draw(Plotly, container, figure, legendHtml); });
  }

  function draw(Plotly, container, figure, legendHtml) {
    Array.prototype.forEach.call(container.querySelectorAll(".static-chart"), function (still) {
      still.remove();  // both the wide and the narrow drawing
    });
    drawnFigures.set(container, figure);
    figure = forPageTheme(figure);
    var data = withHiddenTraces(container, figure.data);
    // Once drawn, the config is left out: Plotly deep-copies and compares a config on every
    // call, which costs more than drawing the data of a small chart.
    var drawn = container.classList.contains("js-plotly-plot")
      ? Plotly.react(container, data, figure.layout)
      : Plotly.react(container, data, figure.layout, config(container));
    if (legendHtml !== undefined) patchLegend(container, legendHtml);
    return drawn.then(function () { container.setAttribute("data-drawn", "true"); });
  }

  // The reader's first interaction makes every chart interactive, in view or not, so that
  // scrolling to one never finds it still a picture. One chart per task, those in view first:
  // the reader's next input is handled between two charts, not after all of them.
  function drawAll() {
    INTERACTIONS.forEach(function (name) { window.removeEventListener(name, drawAll, true); });
    var queue = Array.prototype.slice.call(document.querySelectorAll("[data-figure], [data-figures-url]"));
    queue.sort(function (a, b) { return Number(outOfView(a)) - Number(outOfView(b)); });
    (function drawNext() {
      var container = queue.shift();
      if (!container) return;
      pageFigure(container).then(function (figure) {
        if (container.hasAttribute("data-drawn")) return null;
        // A live update may have brought a newer figure meanwhile: waiting, or being drawn.
        var latest = waiting.get(container) || (supplied.has(container) ? null : figure);
        return latest ? drawChart(container, latest, undefined, true) : null;
      }).then(function () { setTimeout(drawNext, 0); });
    })();
  }

  // The figure a page was served with: inline JSON (embeds), or fetched once per address with
  // every chart's figure in it (pages, which carry only the server's SVGs).
  var fetchedFigures = new Map();  // address -> Promise of {name: figure}

  function pageFigure(container) {
    var inline = container.getAttribute("data-figure");
    if (inline) {
      var source = document.getElementById(inline);
      return Promise.resolve(source ? JSON.parse(source.textContent) : null);
    }
    var url = container.getAttribute("data-figures-url");
    if (!fetchedFigures.has(url)) {
      fetchedFigures.set(url, fetch(url).then(function (response) { return response.json(); }));
    }
    return fetchedFigures.get(url).then(function (figures) {
      return figures && figures[container.getAttribute("data-figure-name")];
    });
  }

  window.GradientLens = window.GradientLens || {};
  window.GradientLens.drawChart = drawChart;
  window.GradientLens.pageIsDark = pageIsDark;
  observeCharts();
  INTERACTIONS.forEach(function (name) {
    window.addEventListener(name, drawAll, { capture: true, passive: true });
  });
})();
