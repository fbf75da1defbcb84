// Tables too wide for the screen scroll sideways inside their .table-wrap (see greenledger.css).
// A keyboard user must be able to scroll them too (WCAG 2.1.1): every .table-wrap that overflows
// becomes a focusable region, named after its table's caption or its section's heading; one that
// no longer overflows (a wider window) stops being a tab stop. Wraps that carry their own
// tabindex in the template are left alone. Runs on load, on resize and after htmx swaps.
(function () {
  "use strict";
  var MARK = "scrollFocus";

  function heading(wrap) {
    var caption = wrap.querySelector("caption");
    if (caption) {
      return caption;
    }
    var section = wrap.closest("[aria-labelledby]");
    if (section) {
      return document.getElementById(section.getAttribute("aria-labelledby").split(" ")[0]);
    }
    var node = wrap.previousElementSibling;
    while (node && !/^H[1-6]$/.test(node.tagName)) {
      node = node.previousElementSibling;
    }
    return node;
  }

  function update(wrap) {
    var own = wrap.hasAttribute("tabindex") && !wrap.dataset[MARK];
    if (own) {
      return;
    }
    var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
    if (scrolls && !wrap.dataset[MARK]) {
      wrap.dataset[MARK] = "true";
      wrap.tabIndex = 0;
      var label = heading(wrap);
      if (label && label.textContent.trim()) {
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", label.textContent.trim());
      }
    } else if (!scrolls && wrap.dataset[MARK]) {
      delete wrap.dataset[MARK];
      wrap.removeAttribute("tabindex");
      wrap.removeAttribute("role");
      wrap.removeAttribute("aria-label");
    }
  }

  function updateAll() {
    document.querySelectorAll(".table-wrap").forEach(update);
  }

  var pending = null;
  function later() {
    if (pending === null) {
      pending = window.requestAnimationFrame(function () {
        pending = null;
        updateAll();
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", updateAll);
  } else {
    updateAll();
  }
  window.addEventListener("resize", later);
  document.addEventListener("htmx:afterSettle", later);
})();
