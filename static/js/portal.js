// What every page does once loaded, beside USWDS's own script:
// - after a failed submission, the focus moves to the error summary, so a screen reader reads
//   the problems first and a keyboard user starts from them;
// - a stacked table (usa-table--stacked) shows each cell's column heading on a narrow screen:
//   the heading is copied into the cell's data-label, which USWDS's CSS displays.
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
  document.querySelectorAll("table.usa-table--stacked").forEach(function (table) {
    var headings = Array.prototype.map.call(
      table.querySelectorAll("thead th"), function (th) { return th.textContent.trim(); });
    table.querySelectorAll("tbody tr").forEach(function (row) {
      Array.prototype.forEach.call(row.children, function (cell, index) {
        if (!cell.hasAttribute("data-label") && headings[index]) {
          cell.setAttribute("data-label", headings[index]);
        }
      });
    });
  });
})();
