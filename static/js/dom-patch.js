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

  // An element given the very HTML it was last made equal to, and not changed since, is left
  // alone: a live answer repeats most panels of a small edit (the model's derivation, for a new
  // learning rate), and parsing one only to find every node equal costs a few ms. A watcher
  // of its own forgets the element's HTML at any change made by another hand (a reader opening
  // a <details>, a script setting an attribute).
  var given = new WeakMap();  // element -> {html, watcher}

  function unchanged(element, html) {
    var last = given.get(element);
    if (!last) return false;
    if (last.watcher.takeRecords().length) last.html = null;  // changed, not yet reported
    return last.html === html;
  }

  function remember(element, html) {
    var last = given.get(element);
    if (!last) {
      last = { html: null, watcher: null };
      last.watcher = new MutationObserver(function () { last.html = null; });
      last.watcher.observe(element, { subtree: true, childList: true, attributes: true, characterData: true });
      given.set(element, last);
    }
    last.watcher.takeRecords();  // the patch's own changes
    last.html = html;
  }

  function patchHtml(element, html) {
    if (unchanged(element, html)) return;
    var template = document.createElement("template");
    template.innerHTML = html;
    patchChildren(element, template.content);
    remember(element, html);
  }

  window.GradientLens = window.GradientLens || {};
  window.GradientLens.patchHtml = patchHtml;
})();
