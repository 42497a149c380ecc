// Copy buttons: each [data-copy-from] button copies the value of the element it names (a link,
// an iframe snippet) and says so in the nearest status line. Works after live updates too,
// because the click is handled on the document.
(function () {
  "use strict";

  function announce(button, text) {
    var status = document.querySelector(".copy-status");
    if (status) status.textContent = text;
    var original = button.getAttribute("data-label") || button.textContent;
    button.setAttribute("data-label", original);
    button.textContent = text;
    setTimeout(function () { button.textContent = original; }, 1500);
  }

  function fallbackCopy(source) {
    source.removeAttribute("aria-hidden");
    source.select();
    var copied = document.execCommand && document.execCommand("copy");
    source.setSelectionRange(0, 0);
    return copied;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-from]");
    if (!button) return;
    var source = document.getElementById(button.getAttribute("data-copy-from"));
    if (!source) return;
    var text = source.value;
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(
        function () { announce(button, "Copied"); },
        function () { announce(button, fallbackCopy(source) ? "Copied" : "Press Ctrl+C to copy"); }
      );
    } else {
      announce(button, fallbackCopy(source) ? "Copied" : "Press Ctrl+C to copy");
    }
  });
})();
