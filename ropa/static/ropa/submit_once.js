/* Forms marked data-submit-once: the button is disabled while the server renders (a PDF takes seconds), so a
   double click cannot start two exports. A download does not leave the page, so it is re-enabled after a while. */
"use strict";
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!form.matches("form[data-submit-once]")) return;
  if (form.dataset.sending) { event.preventDefault(); return; }
  form.dataset.sending = "1";
  form.querySelectorAll("[type=submit]").forEach((b) => {
    b.disabled = true;
    b.dataset.label = b.value;
    b.value = b.dataset.busy || b.value;
  });
  setTimeout(() => {
    delete form.dataset.sending;
    form.querySelectorAll("[type=submit]").forEach((b) => { b.disabled = false; b.value = b.dataset.label; });
  }, 8000);
});
