// GC Design System error pattern: after a failed submit, focus moves to the error summary, and
// each link in it moves focus to its field (a plain anchor would only scroll).
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) {
    return;
  }
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) {
      return;
    }
    var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!target) {
      return;
    }
    event.preventDefault();
    var label = document.querySelector("label[for='" + target.id + "']");
    (label || target).scrollIntoView();
    target.focus();
  });
})();
