/* Sortable tables of the regional observatory (progressive enhancement).
   Without JavaScript the table stays as written, sorted by commune name. With it, each column
   header becomes a button; a click sorts the rows by that column (again: the other way round),
   aria-sort says how the table is sorted and a status line announces it to screen readers.
   Cells give their value in data-sort-value; empty values always go last. */
(function () {
  "use strict";

  function valueOf(row, index, numeric) {
    var cell = row.cells[index];
    var raw = cell.hasAttribute("data-sort-value") ? cell.getAttribute("data-sort-value") : cell.textContent.trim();
    if (raw === "") return null;
    if (!numeric) return raw;
    var number = parseFloat(raw);
    return isNaN(number) ? null : number;
  }

  function compare(a, b, numeric) {
    if (numeric) return a - b;
    return a < b ? -1 : a > b ? 1 : 0;
  }

  function setUp(table) {
    var headerRow = table.tHead && table.tHead.rows[0];
    var body = table.tBodies[0];
    if (!headerRow || !body) return;
    var messages = JSON.parse(table.getAttribute("data-sort-messages") || "{}");
    var status = table.parentNode.parentNode.querySelector("[data-sort-status]");
    var hint = table.parentNode.parentNode.querySelector("[data-sort-hint]");
    if (hint) hint.hidden = false;
    var headers = Array.prototype.slice.call(headerRow.cells);
    var original = Array.prototype.slice.call(body.rows);

    headers.forEach(function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        var numeric = th.getAttribute("data-type") === "number";
        headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = original.map(function (row, position) {
          return { row: row, position: position, value: valueOf(row, index, numeric) };
        });
        rows.sort(function (x, y) {
          if (x.value === null || y.value === null) {
            if (x.value === y.value) return x.position - y.position;
            return x.value === null ? 1 : -1;
          }
          var order = compare(x.value, y.value, numeric);
          if (!ascending) order = -order;
          return order || x.position - y.position;
        });
        rows.forEach(function (item) { body.appendChild(item.row); });
        if (status && messages.status) {
          status.textContent = messages.status
            .replace("{column}", button.textContent.trim())
            .replace("{order}", ascending ? messages.ascending : messages.descending);
        }
      });
    });
  }

  document.querySelectorAll("table[data-sortable]").forEach(setUp);
}());
