/* Progressive enhancement for job pages (analysis, export): without this file the page has a
   "Status bijwerken" link. With it, the page asks the server for the same page every few
   seconds and updates the status block in place; it stops when the job has ended. The status
   line is a polite live region that changes only when the status itself changes, so screen
   readers are not interrupted on every poll. No automatic reload of the page (WCAG 2.2.1). */
(function () {
  "use strict";
  var INTERVAL_MS = 3000;
  var block = document.getElementById("kp-job");
  if (!block || !block.hasAttribute("data-job-running") || !window.fetch || !window.DOMParser) {
    return;
  }
  var manual = block.querySelector("[data-job-refresh]");
  if (manual) { manual.hidden = true; }

  function update() {
    fetch(window.location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null) { return; }
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("kp-job");
        if (!fresh) { return; }
        var status = block.querySelector("[role=status]");
        var newStatus = fresh.querySelector("[role=status]");
        var running = fresh.hasAttribute("data-job-running");
        // Everything but the status line is replaced; the status line keeps its element, so
        // that a change of its text is announced by screen readers.
        Array.prototype.slice.call(block.children).forEach(function (child) {
          if (child !== status) { child.remove(); }
        });
        Array.prototype.slice.call(fresh.children).forEach(function (child) {
          if (child.getAttribute("role") !== "status") { block.appendChild(document.importNode(child, true)); }
        });
        if (status && newStatus && status.textContent !== newStatus.textContent) {
          status.textContent = newStatus.textContent;
        }
        var link = block.querySelector("[data-job-refresh]");
        if (link) { link.hidden = true; }
        if (!running) { block.removeAttribute("data-job-running"); }
        if (running) { window.setTimeout(update, INTERVAL_MS); }
      })
      .catch(function () {
        var link = block.querySelector("[data-job-refresh]");
        if (link) { link.hidden = false; }  // offline or server gone: the manual link again
      });
  }
  window.setTimeout(update, INTERVAL_MS);
})();
