/* laodata: the little a citizen's page needs from a script (portal/scripts.py),
   in place of CKAN's bundles: the phone menu, the search filters' panel on a
   phone, and a change of sort or filter submitting the search form. */
(function () {
  "use strict";
  function toggleCollapse(button) {
    var target = document.querySelector(button.getAttribute("data-bs-target"));
    if (!target) { return; }
    var open = target.classList.toggle("show");
    button.classList.toggle("collapsed", !open);
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }
  document.addEventListener("click", function (event) {
    var el = event.target.closest("[data-bs-toggle=collapse], .show-filters, .hide-filters");
    if (!el) { return; }
    if (el.matches("[data-bs-toggle=collapse]")) {
      event.preventDefault();
      toggleCollapse(el);
    } else {
      document.body.classList.toggle("filters-modal", el.classList.contains("show-filters"));
    }
  });
  document.addEventListener("change", function (event) {
    var form = event.target.form;
    if (form && /\bchange\b/.test(form.getAttribute("hx-trigger") || "")) {
      form.requestSubmit ? form.requestSubmit() : form.submit();
    }
  });
})();
