// Draw a line chart from the data table named by a canvas's data-chart-table attribute.
// The table stays on the page: it is the accessible, no-JavaScript version of the chart.
// The canvas starts hidden, so without JavaScript no empty "image" is announced.
// Weeks with fewer contributions than the privacy threshold (cells marked data-small) are not
// drawn at their height: they get an open marker in a grey "< 5" band at the bottom. The week
// that is still running (its column head has data-running) is reached by a dashed line.
(function () {
  "use strict";
  if (typeof Chart === "undefined") { return; }
  var palette = ["#1a4480", "#b50909", "#00703c", "#6f3c99", "#b35900", "#005ea5", "#7d4e00", "#333333"];
  document.querySelectorAll("canvas[data-chart-table]").forEach(function (canvas) {
    var table = document.getElementById(canvas.getAttribute("data-chart-table"));
    if (!table) { return; }
    var threshold = Number(canvas.getAttribute("data-threshold") || 5);
    var bandLabel = canvas.getAttribute("data-band-label") || "< " + threshold;
    var heads = Array.prototype.slice.call(table.querySelectorAll("thead th")).slice(1);
    // The axis shows the week's date; the tooltip its whole head ("30-11 (loopt nog)"), so a
    // long label does not squeeze the plot on a phone.
    var labels = heads.map(function (cell) { return cell.firstChild.textContent.trim(); });
    var titles = heads.map(function (cell) { return cell.textContent.trim().replace(/\s+/g, " "); });
    // The running week counts only the days so far: the line into it is dashed.
    var running = heads.findIndex(function (cell) { return cell.hasAttribute("data-running"); });
    var dashed = { borderDash: function (part) { return part.p1DataIndex === running ? [6, 4] : undefined; } };
    var datasets = [];
    var anySmall = false;
    Array.prototype.forEach.call(table.querySelectorAll("tbody tr"), function (row, index) {
      var cells = row.querySelectorAll("td");
      var values = Array.prototype.map.call(cells, function (cell) {
        var value = cell.getAttribute("data-value");
        return value === "" || value === null ? null : Number(value);
      });
      var small = Array.prototype.map.call(cells, function (cell) {
        return cell.hasAttribute("data-small") ? threshold / 2 : null;
      });
      anySmall = anySmall || small.some(function (value) { return value !== null; });
      var colour = palette[index % palette.length];
      var name = row.querySelector("th").textContent.trim();
      datasets.push({ label: name, data: values, borderColor: colour, backgroundColor: colour,
                      spanGaps: false, tension: 0, segment: dashed });
      datasets.push({ label: name + " (" + bandLabel + ")", data: small, kpSmall: true,
                      showLine: false, pointStyle: "rectRot", pointRadius: 5,
                      borderColor: colour, backgroundColor: "#ffffff" });
    });
    if (anySmall) {
      datasets.push({ label: bandLabel, data: labels.map(function () { return threshold; }),
                      kpBand: true, fill: "origin", pointRadius: 0, borderWidth: 0,
                      backgroundColor: "rgba(120, 120, 120, 0.18)" });
    }
    canvas.hidden = false; // hidden without JavaScript: then only the table is there
    // The figure gets its height from the stylesheet, so a phone's chart is not a thin strip
    // under its legend (the width follows the page; the height does not shrink with it).
    canvas.parentElement.classList.add("kp-chart--drawn");
    new Chart(canvas, { type: "line", data: { labels: labels, datasets: datasets },
      options: { responsive: true, maintainAspectRatio: false, animation: false,
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
        plugins: {
          // One legend entry for the band; the markers in it have their theme's colour.
          legend: { labels: { filter: function (item, data) {
            return !data.datasets[item.datasetIndex].kpSmall;
          } } },
          tooltip: { callbacks: { title: function (items) {
            return items.length ? titles[items[0].dataIndex] : "";
          }, label: function (context) {
            if (context.dataset.kpBand) { return bandLabel; }
            if (context.dataset.kpSmall) { return context.dataset.label.replace(/ \(.*\)$/, "") + ": < " + threshold; }
            return context.dataset.label + ": " + context.formattedValue;
          } } } } } });
  });
})();
