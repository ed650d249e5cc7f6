/* Register of deliberations: filter by year, matter and a word of the subject. Progressive enhancement:
   without JavaScript the form stays hidden and every deliberation is shown, grouped by year. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-register]");
  if (!form) { return; }
  var year = form.querySelector("[data-register-year]");
  var subject = form.querySelector("[data-register-subject]");
  var text = form.querySelector("[data-register-text]");
  var status = form.querySelector("[role=status]");
  var sections = document.querySelectorAll("section.register-year");

  function plain(value) {
    return (value || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").trim();
  }
  function subjectMatches(code, wanted) {
    return !wanted || code === wanted || code.indexOf(wanted + ".") === 0;
  }
  function message(count) {
    if (count === 0) { return form.getAttribute("data-shown-none"); }
    if (count === 1) { return form.getAttribute("data-shown-one"); }
    return form.getAttribute("data-shown").replace("{count}", count.toLocaleString(document.documentElement.lang || "fr"));
  }
  function apply() {
    var wantedYear = year.value, wantedSubject = subject.value, words = plain(text.value);
    var shown = 0;
    sections.forEach(function (section) {
      var visibleRows = 0;
      var yearOk = !wantedYear || section.getAttribute("data-year") === wantedYear;
      section.querySelectorAll("tbody tr").forEach(function (row) {
        var visible = yearOk && subjectMatches(row.getAttribute("data-subject") || "", wantedSubject) &&
          (!words || plain((row.querySelector("th") || row).textContent).indexOf(words) !== -1);
        row.hidden = !visible;
        if (visible) { visibleRows += 1; }
      });
      section.hidden = visibleRows === 0;
      shown += visibleRows;
    });
    var query = new URLSearchParams();
    if (wantedYear) { query.set(year.name, wantedYear); }
    if (wantedSubject) { query.set(subject.name, wantedSubject); }
    if (text.value.trim()) { query.set(text.name, text.value.trim()); }
    var search = query.toString();
    window.history.replaceState(null, "", (search ? "?" + search : window.location.pathname) + window.location.hash);
    status.textContent = message(shown);
  }

  var params = new URLSearchParams(window.location.search);
  if (params.get(year.name)) { year.value = params.get(year.name); }
  if (params.get(subject.name)) { subject.value = params.get(subject.name); }
  if (params.get(text.name)) { text.value = params.get(text.name); }
  year.addEventListener("change", apply);
  subject.addEventListener("change", apply);
  text.addEventListener("input", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.hidden = false;
  if (params.toString()) { apply(); }
}());
