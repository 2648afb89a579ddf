// Draw a line chart from the data table named by a canvas's data-chart-table attribute.
// The table stays on the page: it is the accessible, no-JavaScript version of the chart.
// The canvas starts hidden, so without JavaScript no empty "image" is announced.
(function () {
  "use strict";
  if (typeof Chart === "undefined") { return; }
  var palette = ["#1a4480", "#b50909", "#00703c", "#6f3c99", "#b35900", "#005ea5", "#7d4e00", "#333333"];
  document.querySelectorAll("canvas[data-chart-table]").forEach(function (canvas) {
    var table = document.getElementById(canvas.getAttribute("data-chart-table"));
    if (!table) { return; }
    var labels = Array.prototype.slice.call(table.querySelectorAll("thead th")).slice(1)
      .map(function (cell) { return cell.textContent.trim(); });
    var datasets = Array.prototype.map.call(table.querySelectorAll("tbody tr"), function (row, index) {
      var values = Array.prototype.map.call(row.querySelectorAll("td"), function (cell) {
        var value = cell.getAttribute("data-value");
        return value === "" || value === null ? null : Number(value);
      });
      var colour = palette[index % palette.length];
      return { label: row.querySelector("th").textContent.trim(), data: values,
               borderColor: colour, backgroundColor: colour, spanGaps: false, tension: 0.2 };
    });
    canvas.hidden = false; // hidden without JavaScript: then only the table is there
    new Chart(canvas, { type: "line", data: { labels: labels, datasets: datasets },
      options: { responsive: true, animation: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } } });
  });
})();
