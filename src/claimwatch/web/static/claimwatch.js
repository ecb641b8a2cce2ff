// claimwatch web UI: small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // On an article, pointing at an entity lights up every mention of it.
  function light(id, on) {
    document.querySelectorAll('a.hl-entity[data-entity="' + CSS.escape(id) + '"]').forEach(function (el) {
      el.classList.toggle("is-lit", on);
    });
  }
  document.addEventListener("mouseover", function (ev) {
    var a = ev.target.closest && ev.target.closest("a.hl-entity[data-entity]");
    if (a) light(a.getAttribute("data-entity"), true);
  });
  document.addEventListener("mouseout", function (ev) {
    var a = ev.target.closest && ev.target.closest("a.hl-entity[data-entity]");
    if (a) light(a.getAttribute("data-entity"), false);
  });
  // Changing the sort of the claims explorer applies it at once.
  var form = document.getElementById("claim-filters");
  if (form) {
    var sort = form.querySelector('select[name="sort"]');
    if (sort) sort.addEventListener("change", function () { form.submit(); });
  }
})();
