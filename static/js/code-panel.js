// The Code panel's tabs (NumPy, PyTorch, JAX), after the WAI-ARIA tabs pattern: the arrow keys,
// Home and End move between them and show the one they reach, and only the chosen tab is in the
// Tab order. The choice is kept in localStorage; the inline script in base.html puts it on
// html[data-code] before the first paint, and site.css shows that tab's script, so this file
// only has to keep the ARIA state and the stored choice in step. Copy puts the shown script on
// the clipboard and says so in the panel's status line.
// A live answer (live-form.js) carries the shown tab's script only, and only while the panel is
// on screen or close to it (data-in-view): a script costs the server a few milliseconds of every
// keystroke. Tabs an answer left out are out of date, and the script of one is asked for when
// the reader opens it or scrolls back to it.
(function () {
  "use strict";

  var root = document.documentElement;
  var panel = document.getElementById("code-panel");
  if (!panel) return;
  var KEY = panel.getAttribute("data-storage");  // app/web/theme.py: CODE_STORAGE_KEY
  var tabs = Array.prototype.slice.call(panel.querySelectorAll('[role="tab"]'));
  var status = document.getElementById("code-status");
  var statusTimer;

  function show(framework, moveFocus) {
    root.setAttribute("data-code", framework);
    tabs.forEach(function (tab) {
      var chosen = tab.getAttribute("data-framework") === framework;
      tab.setAttribute("aria-selected", chosen ? "true" : "false");
      tab.tabIndex = chosen ? 0 : -1;
      if (chosen && moveFocus) tab.focus();
    });
  }

  var form = document.querySelector("form[data-live]");

  // The tabs a live answer left out hold the scripts of an earlier input.
  if (form) {
    form.addEventListener("gl:rendered", function (event) {
      tabs.forEach(function (tab) {
        var tabPanel = document.getElementById(tab.getAttribute("aria-controls"));
        tabPanel.toggleAttribute("data-stale", !(tabPanel.id in event.detail.panels));
      });
    });
  }

  var asking = {};  // tab panel id -> the page address its script is being asked for

  function refresh(tabPanel, framework) {
    var permalink = document.getElementById("permalink");
    var asked = permalink.href;
    if (asking[tabPanel.id] === asked) return;
    asking[tabPanel.id] = asked;
    var url = form.getAttribute("data-live") + new URL(asked).search + "&code=" + framework;
    fetch(url).then(function (response) { return response.json(); }).then(function (data) {
      if (permalink.href !== asked || data.error || !(tabPanel.id in data.panels)) return;
      window.GradientLens.patchHtml(tabPanel, data.panels[tabPanel.id]);
      window.GradientLens.patchHtml(document.getElementById("code-last"), data.panels["code-last"]);
      tabPanel.removeAttribute("data-stale");
    }).catch(function () { /* it stays as it was; the next edit brings it */ })
      .then(function () { delete asking[tabPanel.id]; });
  }

  function refreshShown() {
    var tabPanel = document.getElementById("code-" + root.getAttribute("data-code"));
    if (form && tabPanel && tabPanel.hasAttribute("data-stale")) {
      refresh(tabPanel, tabPanel.getAttribute("data-framework"));
    }
  }

  if ("IntersectionObserver" in window) {
    new IntersectionObserver(function (entries) {
      var near = entries[entries.length - 1].isIntersecting;
      panel.toggleAttribute("data-in-view", near);
      if (near) refreshShown();
    }, { rootMargin: "100px 0px" }).observe(panel);
  } else {
    panel.setAttribute("data-in-view", "");
  }

  function choose(tab, moveFocus) {
    var framework = tab.getAttribute("data-framework");
    var tabPanel = document.getElementById(tab.getAttribute("aria-controls"));
    if (form && tabPanel.hasAttribute("data-stale")) refresh(tabPanel, framework);
    show(framework, moveFocus);
    try {
      localStorage.setItem(KEY, framework);
    } catch (error) {
      // storage refused (private mode): the choice lasts for this page only
    }
  }

  var KEYS = {
    ArrowRight: function (i) { return (i + 1) % tabs.length; },
    ArrowLeft: function (i) { return (i - 1 + tabs.length) % tabs.length; },
    Home: function () { return 0; },
    End: function () { return tabs.length - 1; }
  };

  tabs.forEach(function (tab, index) {
    tab.addEventListener("click", function () { choose(tab, false); });
    tab.addEventListener("keydown", function (event) {
      var next = KEYS[event.key];
      if (!next || event.altKey || event.ctrlKey || event.metaKey) return;
      event.preventDefault();
      choose(tabs[next(index)], true);
    });
  });

  function say(text) {
    clearTimeout(statusTimer);
    status.textContent = text;
    statusTimer = setTimeout(function () { status.textContent = ""; }, 4000);
  }

  // Without the asynchronous clipboard (a page served over plain http to another machine), or
  // when it is refused: select the script, for the reader to copy.
  function select(code) {
    var range = document.createRange();
    range.selectNodeContents(code);
    window.getSelection().removeAllRanges();
    window.getSelection().addRange(range);
  }

  panel.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-code]");
    if (!button) return;
    var code = document.getElementById(button.getAttribute("data-copy-code"));
    if (!code) return;
    var what = "the " + button.getAttribute("data-label") + " script";
    var lines = code.textContent.replace(/\n$/, "").split("\n").length;
    var done = function () { say("Copied " + what + " (" + lines + " lines)."); };
    var fallback = function () {
      select(code);
      say("Selected " + what + ": press Ctrl+C (⌘C) to copy it.");
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(code.textContent).then(done, fallback);
    } else {
      fallback();
    }
  });

  show(root.getAttribute("data-code") || "numpy", false);
})();
