// Keyboard-first coding: every action of the coding page has a key, documented on the page.
(function () {
  "use strict";
  function typing(target) {
    return target && (target.tagName === "TEXTAREA" || target.tagName === "SELECT" ||
      (target.tagName === "INPUT" && !["checkbox", "radio", "submit", "button"].includes(target.type)));
  }
  function focusField(id) {
    var field = document.getElementById(id);
    if (field) { field.focus(); }
  }
  document.addEventListener("keydown", function (event) {
    var form = document.getElementById("coding-form");
    if (form && event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      document.getElementById("save-next").click();
      return;
    }
    if (event.key === "Escape" && typing(event.target)) {
      event.target.blur();
      return;
    }
    if (typing(event.target) || event.altKey || event.ctrlKey || event.metaKey) { return; }
    if (form) {
      var box = form.querySelector('input[data-key="' + event.key + '"]');
      if (box) {
        event.preventDefault();
        box.checked = !box.checked;
        box.focus();
        return;
      }
      var keys = {d: "id_disposition", n: "id_note", r: "id_response_en", p: "id_primary_theme"};
      if (keys[event.key]) { event.preventDefault(); focusField(keys[event.key]); return; }
      if (event.key === "a") {
        event.preventDefault();
        form.querySelectorAll('input[data-suggested="true"]').forEach(function (b) { b.checked = true; });
        return;
      }
      if (event.key === "s") { event.preventDefault(); document.getElementById("save-next").click(); return; }
      if (event.key === "j" || event.key === "k") {
        var link = document.getElementById(event.key === "j" ? "next-link" : "previous-link");
        if (link) { event.preventDefault(); link.click(); }
        return;
      }
    }
    var table = document.querySelector("[data-keyboard-rows]");
    if (table && (event.key === "j" || event.key === "k")) {
      var links = Array.prototype.slice.call(table.querySelectorAll("[data-row-link]"));
      if (!links.length) { return; }
      var index = links.indexOf(document.activeElement);
      index = event.key === "j" ? Math.min(index + 1, links.length - 1) : Math.max(index - 1, 0);
      event.preventDefault();
      links[index].focus();
    }
  });
})();
