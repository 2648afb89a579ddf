// One submit per form: a second click (or a double click) while the first is on its way
// is ignored, so a one-time link or a payment-like action is not sent twice. Without
// JavaScript, forms work as before. After 10 seconds the form can be sent again (the
// network may have failed).
"use strict";
document.addEventListener("submit", (event) => {
  const form = event.target;
  // Another script stopped this submit (e.g. a missing reason): nothing was sent.
  if (event.defaultPrevented) {
    return;
  }
  if (!(form instanceof HTMLFormElement) || form.method.toLowerCase() !== "post") {
    return;
  }
  if (form.dataset.kpSending === "1") {
    event.preventDefault();
    event.stopImmediatePropagation();
    return;
  }
  form.dataset.kpSending = "1";
  form.setAttribute("aria-busy", "true");
  window.setTimeout(() => {
    delete form.dataset.kpSending;
    form.removeAttribute("aria-busy");
  }, 10000);
});
// Coming back with the browser's back button shows the page from its cache: let it send again.
window.addEventListener("pageshow", () => {
  for (const form of document.querySelectorAll("form[data-kp-sending]")) {
    delete form.dataset.kpSending;
    form.removeAttribute("aria-busy");
  }
});
