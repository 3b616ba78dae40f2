// Starts Swagger UI on the API documentation page (an external file: the site's CSP forbids
// inline scripts). The schema address comes from the element's data attribute.
(function () {
  "use strict";
  var element = document.getElementById("swagger-ui");
  if (!element || typeof window.SwaggerUIBundle !== "function") {
    return;
  }

  // Swagger UI renders a few controls without accessible names, and scrollable code blocks
  // that a keyboard cannot reach. Name them in the page's language (data-copy-label).
  var copyLabel = element.dataset.copyLabel || "Copy to clipboard";
  function label(root) {
    root.querySelectorAll(".copy-to-clipboard > button:not([aria-label])").forEach(function (button) {
      button.setAttribute("aria-label", copyLabel);
    });
    root.querySelectorAll("tr[data-param-name] select:not([aria-label]), tr[data-param-name] input:not([aria-label])").forEach(function (control) {
      var row = control.closest("tr[data-param-name]");
      control.setAttribute("aria-label", row.getAttribute("data-param-name"));
    });
    root.querySelectorAll("pre:not([tabindex])").forEach(function (block) {
      block.setAttribute("tabindex", "0");
    });
  }

  new MutationObserver(function () {
    label(element);
  }).observe(element, { childList: true, subtree: true });

  window.SwaggerUIBundle({
    url: element.dataset.openapiUrl,
    domNode: element,
    deepLinking: false,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    validatorUrl: null,
    // The highlighter's themes colour some JSON tokens below 4.5:1 contrast: plain text reads.
    syntaxHighlight: { activated: false },
    tryItOutEnabled: true
  });
})();
