// On a phone, a table wider than the screen scrolls inside its own box (coplan.css). A box that
// scrolls must be reachable with the keyboard to be scrolled (WCAG 2.1.1): while it overflows,
// it takes a place in the tab order.
(function () {
  "use strict";
  function mark() {
    document.querySelectorAll("main table, main .table-scroll").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("data-scroll-region", "");
      } else if (!scrolls && box.hasAttribute("data-scroll-region")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("data-scroll-region");
      }
    });
  }
  mark();
  window.addEventListener("resize", mark);
})();
