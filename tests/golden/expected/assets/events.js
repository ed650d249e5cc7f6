/* The agenda shows events still to come, by the visitor's clock (the page itself is static). */
(function () {
  "use strict";
  var today = new Date().toISOString().slice(0, 10);
  document.querySelectorAll("[data-events]").forEach(function (block) {
    var left = 0;
    block.querySelectorAll("[data-event-date]").forEach(function (item) {
      var past = item.getAttribute("data-event-date") < today;
      item.hidden = past;
      if (!past) { left += 1; }
    });
    if (left === 0) { block.hidden = true; }
  });
}());
