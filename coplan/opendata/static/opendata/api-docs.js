// Starts Swagger UI on the API documentation page (an external file: the site's CSP forbids
// inline scripts). The schema address comes from the element's data attribute.
(function () {
  "use strict";
  var element = document.getElementById("swagger-ui");
  if (!element || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.SwaggerUIBundle({
    url: element.dataset.openapiUrl,
    domNode: element,
    deepLinking: false,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    validatorUrl: null,
    tryItOutEnabled: true
  });
})();
