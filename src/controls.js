// Cổng thông tin điện tử: the page's own controls, which work before the app has loaded
// and without it (a reader who saves data gets no Wasm): text size ("Cỡ chữ A− A A+"),
// "In bài viết", and Escape to close the mobile menu. One listener on the document each,
// so the prerendered page and the pages the app renders are served alike.
// portal-prerender publishes this file as controls-<hash>.js and the page's inline
// script loads it; the text size is applied before first paint by that inline script.
(function () {
  "use strict";
  var d = document, root = d.documentElement;
  var SIZES = [100, 125, 150, 175, 200], KEY = "co-chu", ATTR = "data-co-chu";

  function step() {
    var v = +root.getAttribute(ATTR);
    return v > 0 && v < SIZES.length ? v : 0;
  }

  // The buttons' state and the announcement follow the step; CSS draws the rest.
  function setStep(n) {
    if (n) root.setAttribute(ATTR, n); else root.removeAttribute(ATTR);
    var states = [
      [".text-size-smaller", "aria-disabled", n === 0],
      [".text-size-reset", "aria-pressed", n === 0],
      [".text-size-larger", "aria-disabled", n === SIZES.length - 1]
    ];
    states.forEach(function (s) {
      d.querySelectorAll(s[0]).forEach(function (b) { b.setAttribute(s[1], s[2] ? "true" : "false"); });
    });
    d.querySelectorAll(".text-size [role=status]").forEach(function (s) {
      s.textContent = "Cỡ chữ " + SIZES[n] + "%";
    });
    // Private browsing may refuse storage: the size then lasts for this page only.
    try {
      if (n) localStorage.setItem(KEY, String(n)); else localStorage.removeItem(KEY);
    } catch (e) {}
  }

  d.addEventListener("click", function (ev) {
    var t = ev.target && ev.target.closest && ev.target.closest(".text-size-button, .print-button");
    if (!t) return;
    if (t.classList.contains("print-button")) { window.print(); return; }
    var n = step();
    if (t.classList.contains("text-size-smaller")) n = Math.max(0, n - 1);
    else if (t.classList.contains("text-size-larger")) n = Math.min(SIZES.length - 1, n + 1);
    else n = 0;
    setStep(n);
  });

  d.addEventListener("keydown", function (ev) {
    if (ev.key !== "Escape") return;
    var menu = d.querySelector("details.menu-mobile[open]");
    if (!menu) return;
    menu.removeAttribute("open");
    var summary = menu.querySelector("summary");
    if (summary) summary.focus();
  });
})();
