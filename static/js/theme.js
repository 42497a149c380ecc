// The theme toggle in the site header: dark or light, remembered in localStorage. Without a
// choice, pages follow the system setting (prefers-color-scheme, in site.css). The inline
// script in base.html applies a remembered choice before the first paint; this one keeps the
// button's state true and tells the charts (charts.js listens for "gl:theme").
(function () {
  "use strict";

  var KEY = "gradient-lens-theme";
  var root = document.documentElement;
  var button = document.querySelector("[data-theme-toggle]");
  var systemDark = window.matchMedia("(prefers-color-scheme: dark)");
  if (!button) return;

  function isDark() {
    if (root.classList.contains("theme-dark")) return true;
    if (root.classList.contains("theme-light")) return false;
    return systemDark.matches;
  }

  function show() {
    button.setAttribute("aria-pressed", String(isDark()));
  }

  button.addEventListener("click", function () {
    var theme = isDark() ? "light" : "dark";
    root.classList.remove("theme-dark", "theme-light");
    root.classList.add("theme-" + theme);
    try {
      localStorage.setItem(KEY, theme);
    } catch (error) {
      // storage refused (private mode): the choice lasts for this page only
    }
    show();
    document.dispatchEvent(new CustomEvent("gl:theme", { detail: { theme: theme } }));
  });
  systemDark.addEventListener("change", show);
  show();
  button.classList.add("ready");  // its place was kept (no layout shift); now it works
})();
