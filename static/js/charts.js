// Charts are the server's SVG drawings, always: on the page as served, with or without
// JavaScript, and after every live edit (the live feed sends each chart's SVG). Plotly.js is the
// magnifying glass: when the pointer or the keyboard focus first enters a chart, Plotly.js and
// the chart's figure (GET /{kind}/figures, for the query on screen) are loaded, and Plotly
// draws the same figure under the SVG (same ranges, margins and colours), which is taken away
// once Plotly has drawn, so nothing blinks or moves: hover values, zoom and the toolbar's
// downloads. The next edit hands the chart back to the SVG. A reader who types, drags sliders,
// scrolls past and prints never loads Plotly.js at all.
// The glass is picked up before the hand arrives: when the reader shows intent (the pointer
// heading for a chart, or moving over the charts' column, a touch or the focus there, a first
// scroll that brings a chart into view), Plotly.js and the figures are fetched, and Plotly.js
// is evaluated once the page is idle and the reader has not typed for a moment, so evaluating
// it never holds up an edit. The chart the pointer heads for is drawn by Plotly then too, and
// on a touch screen, where no hover comes before the touch, a chart scrolled into view. Nothing
// of this happens during the first view.
// Legends are HTML lists under the charts: pressing an entry hides or shows its traces, in the
// SVG (its groups carry data-trace) and in Plotly alike, and that choice survives live updates.
// The toolbar downloads PNG and SVG under the chart's own file name, with Plotly's legend on.
// Exposes GradientLens.showChart for the live-update script.
(function () {
  "use strict";

  var plotlyLoading = null;
  var plotlyFetching = null;

  // Plotly.js evaluated (a script element): at once, for a chart the reader has reached.
  function loadPlotly() {
    if (window.Plotly) return Promise.resolve(window.Plotly);
    if (!plotlyLoading) {
      plotlyLoading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = document.body.getAttribute("data-plotly");
        script.onload = function () { resolve(window.Plotly); };
        script.onerror = function (error) { plotlyLoading = null; reject(error); };
        document.head.appendChild(script);
      });
    }
    return plotlyLoading;
  }

  // Plotly.js fetched into the cache without being evaluated (a preload), then evaluated when
  // the page is idle and the reader has not typed for QUIET_MS: the reader's intent.
  var QUIET_MS = 400;
  var lastTyped = -Infinity;
  document.addEventListener("input", function () { lastTyped = performance.now(); }, true);

  function whenQuiet(callback) {
    var idle = window.requestIdleCallback || function (fn) { return setTimeout(fn, 50); };
    idle(function () {
      var wait = lastTyped + QUIET_MS - performance.now();
      if (wait > 0) setTimeout(function () { whenQuiet(callback); }, wait);
      else callback();
    }, { timeout: 2000 });
  }

  function fetchPlotly() {
    if (window.Plotly || plotlyLoading || plotlyFetching) return;
    plotlyFetching = new Promise(function (resolve) {
      var link = document.createElement("link");
      link.rel = "preload";
      link.as = "script";
      link.href = document.body.getAttribute("data-plotly");
      link.onload = resolve;
      link.onerror = function () { plotlyFetching = null; };  // the next intent tries again
      document.head.appendChild(link);
    });
    plotlyFetching.then(function () {
      whenQuiet(function () { loadPlotly().catch(function () {}); });
    });
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

  function traceIndices(key) {
    return key.split(" ").map(Number);
  }

  // Forget hidden entries that the new legend no longer has (read from its HTML).
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

  // The indices of the traces the hidden entries stand for.
  function hiddenTraces(container) {
    var off = new Set();
    hidden(container).forEach(function (key) { traceIndices(key).forEach(function (i) { off.add(i); }); });
    return off;
  }

  // The server's drawing with the hidden entries' traces left out.
  function hideInSvg(container) {
    var off = hiddenTraces(container);
    Array.prototype.forEach.call(container.querySelectorAll(".static-chart [data-trace]"), function (group) {
      group.style.display = off.has(Number(group.getAttribute("data-trace"))) ? "none" : "";
    });
  }

  function withHiddenTraces(container, data) {
    var off = hiddenTraces(container);
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
    hideInSvg(container);
    if (magnified.has(container)) {
      window.Plotly.restyle(container, { visible: hide ? "legendonly" : true }, traceIndices(key));
    }
  }

  document.addEventListener("click", function (event) {
    var entry = event.target.closest && event.target.closest(".legend-entry");
    if (entry) toggleEntry(entry);
  });

  // -- light and dark -------------------------------------------------------------------------
  // Figures arrive in light colours (an embed's in its own theme). On a dark page Plotly draws
  // them recoloured as app/web/charts/figures.py themed() does, with the colours the page
  // carries in data-dark-chart; the server-drawn SVGs follow the page by CSS instead.
  var root = document.documentElement;
  var systemDark = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

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
    magnified.forEach(function (figure, container) {
      if (document.body.contains(container)) draw(window.Plotly, container, figure);
      else magnified.delete(container);
    });
  }

  document.addEventListener("gl:theme", redrawForTheme);
  if (systemDark && systemDark.addEventListener) systemDark.addEventListener("change", redrawForTheme);

  // -- the server's drawing, and Plotly under the pointer -----------------------------------
  var magnified = new Map();  // chart container -> the figure Plotly shows, before theming
  var generation = new WeakMap();  // chart container -> count of drawings it has been given
  var fetched = new Map();  // figures address -> Promise of {name: figure}

  // A live answer for the chart: its SVG (wide and narrow), legend and the figures' address.
  function showChart(container, svg, legendHtml, figuresUrl) {
    if (!container) return;
    generation.set(container, (generation.get(container) || 0) + 1);  // a magnifying on its way is late
    if (figuresUrl) {
      container.setAttribute("data-figures-url", figuresUrl);
      container.removeAttribute("data-figure");  // an embed's inline figure is the old one now
    }
    if (legendHtml !== undefined) forgetMissing(container, legendHtml);
    if (magnified.has(container)) {
      magnified.delete(container);
      window.Plotly.purge(container);
      container.classList.remove("js-plotly-plot");
      restingAt.set(container, pointer);
    }
    container.innerHTML = svg;
    hideInSvg(container);
    if (legendHtml !== undefined) patchLegend(container, legendHtml);
  }

  // The figure for what the chart shows now: inline JSON (an embed as served), or fetched once
  // per address with every chart's figure in it.
  function currentFigure(container) {
    var inline = container.getAttribute("data-figure");
    if (inline) {
      var source = document.getElementById(inline);
      return Promise.resolve(source ? JSON.parse(source.textContent) : null);
    }
    var url = container.getAttribute("data-figures-url");
    if (!url) return Promise.resolve(null);
    return figuresAt(url).then(function (figures) {
      return figures && figures[container.getAttribute("data-figure-name")];
    });
  }

  function figuresAt(url) {
    if (!fetched.has(url)) {
      fetched.set(url, fetch(url).then(function (response) {  // bad input: 422, no figures
        return response.ok ? response.json() : null;
      })
        .catch(function (error) { fetched.delete(url); throw error; }));  // asked again next time
    }
    return fetched.get(url);
  }

  function magnify(container) {
    if (magnified.has(container) || container.hasAttribute("data-magnifying")) return;
    if (!container.querySelector(".static-chart")) return;  // nothing drawn (bad input)
    var asked = generation.get(container) || 0;
    container.setAttribute("data-magnifying", "true");
    Promise.all([loadPlotly(), currentFigure(container)]).then(function (loaded) {
      container.removeAttribute("data-magnifying");
      if (!loaded[1]) return null;
      if ((generation.get(container) || 0) !== asked) {  // edited while Plotly was on its way
        if (stillWanted(container)) magnify(container);  // the new figure, then
        return null;
      }
      return draw(loaded[0], container, loaded[1]);
    }, function () { container.removeAttribute("data-magnifying"); });
  }

  // Whether the reader is still at the chart: the pointer over it, or the focus in it.
  function stillWanted(container) {
    var figure = container.closest(".chart") || container;
    return figure.matches(":hover") || figure.contains(document.activeElement);
  }

  // Plotly draws under the SVG, which stays on top until Plotly is done, then goes.
  function draw(Plotly, container, figure) {
    var stills = Array.prototype.slice.call(container.querySelectorAll(".static-chart"));
    stills.forEach(function (still) { still.classList.add("static-over"); });
    magnified.set(container, figure);
    var themed = forPageTheme(figure);
    var data = withHiddenTraces(container, themed.data);
    return Plotly.react(container, data, themed.layout, config(container)).then(function () {
      stills.forEach(function (still) { still.remove(); });
    });
  }

  function chartOf(target) {
    var figure = target.closest && target.closest(".chart");
    return figure && figure.querySelector(".chart-plot");
  }

  // The pointer (mouse, pen or finger) moving in a chart, a tap on one, or the keyboard focus
  // entering one. A pointer resting where it was when an edit handed its chart back to the SVG
  // does not count: a reader typing with the mouse left on a chart keeps the fast drawings.
  var pointer = { x: NaN, y: NaN };
  var restingAt = new WeakMap();  // chart container -> where the pointer was at its hand-back

  function onPointer(event) {
    var moved = event.clientX !== pointer.x || event.clientY !== pointer.y;
    pointer = { x: event.clientX, y: event.clientY };
    if (moved || event.type === "pointerdown") noticeIntent(pointer.x, pointer.y, event.timeStamp);
    var container = chartOf(event.target);
    if (!container) return;
    var rest = restingAt.get(container);
    if (event.type === "pointermove" && rest && rest.x === pointer.x && rest.y === pointer.y) return;
    restingAt.delete(container);
    magnify(container);
  }

  document.addEventListener("pointermove", onPointer, { passive: true });
  document.addEventListener("pointerdown", onPointer, { passive: true });
  document.addEventListener("focusin", function (event) {
    var area = event.target.closest && event.target.closest(AREAS);
    if (area) pickUp();
    var container = chartOf(event.target);
    if (container) magnify(container);
  });

  // -- intent: picking the glass up before the hand arrives -----------------------------------
  // The charts' column: an explorer's output beside (or under) its form, the charts of the
  // explainer and of an embed; REACH_PX of text above and below a group of charts counts too.
  var AREAS = ".explorer-output, .charts, .embed-charts";
  var REACH_PX = 96;

  function overChartsColumn(x, y) {
    return Array.prototype.some.call(document.querySelectorAll(AREAS), function (area) {
      var reach = area.classList.contains("charts") ? REACH_PX : 0;
      var box = area.getBoundingClientRect();
      if (!box.width) return false;  // hidden (a page opened on bad input)
      return x >= box.left && x <= box.right && y >= box.top - reach && y <= box.bottom + reach;
    });
  }

  // Where the pointer is heading. A hand reaching for a chart shows its aim in its first
  // moves, long before it crosses into the charts' column: the pointer's travel over the last
  // TRAIL_MS, once it is TRAVEL_PX or more, is a ray, and a chart in view that the ray meets
  // within AIM_PX is the one it reaches for.
  var TRAIL_MS = 100;
  var TRAVEL_PX = 12;
  var AIM_PX = 1200;
  var trail = [];  // the pointer's recent positions: {t, x, y}

  function aimedChart(x, y, t) {
    trail.push({ t: t, x: x, y: y });
    while (trail.length > 2 && t - trail[0].t > TRAIL_MS) trail.shift();
    var dx = x - trail[0].x;
    var dy = y - trail[0].y;
    var travel = Math.sqrt(dx * dx + dy * dy);
    if (travel < TRAVEL_PX) return null;
    var best = null;
    var nearest = AIM_PX;
    Array.prototype.forEach.call(document.querySelectorAll(".chart-plot"), function (chart) {
      var box = chart.getBoundingClientRect();
      if (!box.width || box.bottom < 0 || box.top > window.innerHeight) return;
      var along = rayMeets(x, y, dx / travel, dy / travel, box);
      if (along !== null && along < nearest) { nearest = along; best = chart; }
    });
    return best;
  }

  // How far along the ray from (x, y) in the unit direction (ux, uy) it enters the box (0 if
  // it starts inside), or null if it misses it: the slab test.
  function rayMeets(x, y, ux, uy, box) {
    var near = 0;
    var far = Infinity;
    var axes = [[x, ux, box.left, box.right], [y, uy, box.top, box.bottom]];
    for (var i = 0; i < 2; i++) {
      var from = axes[i][0], step = axes[i][1], low = axes[i][2], high = axes[i][3];
      if (step === 0) {
        if (from < low || from > high) return null;
        continue;
      }
      var a = (low - from) / step, b = (high - from) / step;
      near = Math.max(near, Math.min(a, b));
      far = Math.min(far, Math.max(a, b));
    }
    return near <= far ? near : null;
  }

  function noticeIntent(x, y, t) {
    var aimedAt = aimedChart(x, y, t);
    if (aimedAt) pickUp(aimedAt);
    else if (overChartsColumn(x, y)) pickUp();
  }

  // Plotly.js and the figures for what is on screen, fetched (once per address); the chart the
  // pointer is heading for (if it is known) is drawn by Plotly once the page is quiet, so that
  // its values are there when the pointer arrives.
  function pickUp(aimedAt) {
    fetchPlotly();
    var container = document.querySelector(".chart-plot[data-figures-url]");
    if (container && container.querySelector(".static-chart")) {
      figuresAt(container.getAttribute("data-figures-url")).catch(function () {});
    }
    if (aimedAt && !predrawing.has(aimedAt) && !magnified.has(aimedAt)) predraw(aimedAt);
  }

  // A scroll that brings into view a chart that was mostly out of view (in the first view, or
  // since it last left it). With a finger for a pointer (no hover to come first), Plotly draws
  // such a chart under its SVG once the reader pauses, so the first touch shows values.
  var SCROLL_MS = 500;
  var touchFirst = Boolean(window.matchMedia && window.matchMedia("(pointer: coarse)").matches);

  var predrawing = new WeakSet();  // charts with a predraw waiting for a quiet moment

  function predraw(container) {
    predrawing.add(container);
    whenQuiet(function () {
      predrawing.delete(container);
      var box = container.getBoundingClientRect();
      if (box.bottom > 0 && box.top < window.innerHeight) magnify(container);  // still in view
    });
  }

  function watchScrolling() {
    if (!window.IntersectionObserver) return;
    var wasInView = new WeakMap();  // chart -> whether it was half in view when last seen
    var scrolledAt = -Infinity;  // a chart moved by a live edit's new layout does not count
    window.addEventListener("scroll", function () { scrolledAt = performance.now(); }, { passive: true });
    var observer = new IntersectionObserver(function (entries) {
      var scrolling = performance.now() - scrolledAt < SCROLL_MS;
      entries.forEach(function (entry) {
        var inView = entry.intersectionRatio >= 0.5;
        var cameIntoView = inView && scrolling && wasInView.get(entry.target) === false;
        wasInView.set(entry.target, inView);
        if (!cameIntoView) return;
        pickUp();
        if (touchFirst) predraw(entry.target);
      });
    }, { threshold: [0, 0.5] });
    Array.prototype.forEach.call(document.querySelectorAll(".chart-plot"), function (chart) {
      observer.observe(chart);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watchScrolling);
  else watchScrolling();

  window.GradientLens = window.GradientLens || {};
  window.GradientLens.showChart = showChart;
  window.GradientLens.pageIsDark = pageIsDark;
})();
