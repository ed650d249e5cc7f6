/* Filters of a card list (reuses): progressive enhancement. Without JavaScript every card is shown. */
(function () {
  "use strict";
  document.querySelectorAll("form.filters[data-filter-target]").forEach(function (form) {
    var list = document.getElementById(form.getAttribute("data-filter-target"));
    if (!list) { return; }
    var selects = form.querySelectorAll("select[data-filter]");
    var status = form.querySelector("[role=status]");
    var params = new URLSearchParams(window.location.search);
    selects.forEach(function (select) {
      var value = params.get(select.name);
      if (value) { select.value = value; }
    });
    function apply() {
      var shown = 0;
      var query = new URLSearchParams();
      list.querySelectorAll(":scope > li").forEach(function (card) {
        var visible = true;
        selects.forEach(function (select) {
          var value = select.value;
          if (!value) { return; }
          var values = (card.getAttribute("data-" + select.getAttribute("data-filter")) || "").split(" ");
          if (values.indexOf(value) === -1) { visible = false; }
        });
        card.hidden = !visible;
        if (visible) { shown += 1; }
      });
      selects.forEach(function (select) { if (select.value) { query.set(select.name, select.value); } });
      var search = query.toString();
      window.history.replaceState(null, "", search ? "?" + search : window.location.pathname);
      if (status) { status.textContent = status.getAttribute("data-count-template").replace("{count}", shown); }
    }
    selects.forEach(function (select) { select.addEventListener("change", apply); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
  });
}());
