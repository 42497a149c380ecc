// The theme toggle in the site header: dark or light, remembered in localStorage. Without a
// choice, pages follow the system setting (prefers-color-scheme, in site.css). The inline
// script in base.html applies a remembered choice before the first paint; this one keeps the
// button's state true and tells the charts (charts.js listens for "gl:theme").
(function () {
  "use strict";

  var root = document.documentElement;
  var button = document.querySelector("[data-theme-toggle]");
  var systemDark = window.matchMedia("(prefers-color-scheme: dark)");
  if (!button) return;
  var key = button.getAttribute("data-theme-toggle");  // app/web/theme.py: STORAGE_KEY
  var isDark = window.GradientLens.pageIsDark;  // charts.js, loaded before this script

  function show() {
    button.setAttribute("aria-pressed", String(isDark()));
  }

  button.addEventListener("click", function () {
    var theme = isDark() ? "light" : "dark";
    root.classList.remove("theme-dark", "theme-light");
    root.classList.add("theme-" + theme);
    try {
      localStorage.setItem(key, theme);
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
