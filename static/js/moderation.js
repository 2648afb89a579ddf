/* Progressive enhancement for the moderation queue: the page works fully without this file.
   Adds "select all" as a real checkbox toggle and says a reason is needed before sending.
   static/js/forms.js (every page) keeps a second click from sending the form twice. */
(function () {
  "use strict";
  var form = document.getElementById("kp-queue-form");
  if (!form) { return; }
  // The select-all link stands above and below the list.
  Array.prototype.forEach.call(form.querySelectorAll("[data-select-all]"), function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var boxes = form.querySelectorAll('input[type="checkbox"][name="ids"], input[type="checkbox"][name="reply_ids"]');
      var allChecked = Array.prototype.every.call(boxes, function (box) { return box.checked; });
      Array.prototype.forEach.call(boxes, function (box) { box.checked = !allChecked; });
    });
  });
  var reason = form.querySelector('[name="reason_id"]');
  var note = form.querySelector('[name="note"]');
  var needed = document.getElementById("kp-reason-needed");
  form.addEventListener("submit", function (event) {
    var action = event.submitter ? event.submitter.value : "";
    // Hiding and rejecting need a reason; say so here instead of after a round trip.
    if ((action === "hide" || action === "reject") && reason && !reason.value && note && !note.value.trim()) {
      event.preventDefault();
      if (needed) { needed.hidden = false; }
      reason.focus();
    }
  });
}());
