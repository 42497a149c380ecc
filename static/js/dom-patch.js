// GradientLens.patchHtml(element, html): make element's content equal to html by changing only
// what differs. A live update mostly changes numbers, so most of the old nodes stay: the
// browser re-lays out a few text runs instead of a whole panel (several ms per keystroke),
// focus stays where the reader left it, and an opened <details> stays open.
(function () {
  "use strict";

  function sameKind(a, b) {
    return a.nodeType === b.nodeType && a.nodeName === b.nodeName;
  }

  function syncAttributes(old, fresh) {
    Array.prototype.slice.call(old.attributes).forEach(function (attribute) {
      var keepOpen = attribute.name === "open" && old.nodeName === "DETAILS";  // the reader's
      if (!fresh.hasAttribute(attribute.name) && !keepOpen) old.removeAttribute(attribute.name);
    });
    Array.prototype.forEach.call(fresh.attributes, function (attribute) {
      if (old.getAttribute(attribute.name) !== attribute.value) {
        old.setAttribute(attribute.name, attribute.value);
      }
    });
  }

  function patchChildren(target, source) {
    var incoming = Array.prototype.slice.call(source.childNodes);
    incoming.forEach(function (fresh, index) {
      var old = target.childNodes[index];
      if (!old) {
        target.appendChild(fresh);
      } else if (!sameKind(old, fresh)) {
        target.replaceChild(fresh, old);
      } else if (fresh.nodeType === Node.ELEMENT_NODE) {
        if (old.isEqualNode(fresh)) return;  // a native deep comparison: most subtrees match
        syncAttributes(old, fresh);
        patchChildren(old, fresh);
      } else if (old.nodeValue !== fresh.nodeValue) {
        old.nodeValue = fresh.nodeValue;
      }
    });
    while (target.childNodes.length > incoming.length) target.removeChild(target.lastChild);
  }

  function patchHtml(element, html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    patchChildren(element, template.content);
  }

  window.GradientLens = window.GradientLens || {};
  window.GradientLens.patchHtml = patchHtml;
})();
