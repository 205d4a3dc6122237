/* laodata: the dataset and resource forms' select2 widgets (tags, formats) get
   the accessible name of their field's label, which CKAN's select2 leaves out
   (axe: aria-input-field-name). Runs whenever a widget appears. */
(function () {
  "use strict";

  function labelWidgets() {
    document.querySelectorAll(".select2-hidden-accessible[id]").forEach(function (field) {
      var label = document.querySelector('label[for="' + field.id + '"]');
      var box = field.nextElementSibling;
      if (!label || !box || !box.classList.contains("select2-container")) { return; }
      if (!label.id) { label.id = field.id + "-label"; }
      box.querySelectorAll(".select2-selection, .select2-search__field").forEach(function (el) {
        if (el.getAttribute("aria-labelledby") !== label.id) { el.setAttribute("aria-labelledby", label.id); }
      });
    });
  }

  var pending = false;
  new MutationObserver(function () {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; labelWidgets(); });
  }).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", labelWidgets);
})();
