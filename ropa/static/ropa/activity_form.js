/* The activity form: transfers are offered from the activity's recipients and their destination filled from
   where the recipient is; country codes are upper-cased as typed. Without this script the form still works. */
"use strict";
(function () {
  const EEA = new Set("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO".split(" "));
  const RECIPIENT = 'select[name^="recipient_set-"][name$="-third_party"]';
  const TRANSFER = 'select[name^="transfer_set-"][name$="-third_party"]';

  function recipients() {
    return Array.from(document.querySelectorAll(RECIPIENT))
      .filter((s) => s.value && s.selectedOptions[0])
      .map((s) => [s.value, s.selectedOptions[0].textContent]);
  }

  /* Each transfer's recipient list: the activity's recipients (also one just added through "+"). */
  function narrowTransfers() {
    const chosen = recipients();
    const ids = new Set(chosen.map(([id]) => id));
    document.querySelectorAll(TRANSFER).forEach((select) => {
      chosen.forEach(([id, text]) => {
        if (!Array.from(select.options).some((o) => o.value === id)) select.add(new Option(text, id));
      });
      Array.from(select.options).forEach((o) => {
        o.hidden = Boolean(o.value) && ids.size > 0 && !ids.has(o.value) && !o.selected;
      });
    });
  }

  async function places(option) {
    if (!option.dataset.country) {
      const url = document.getElementById("ropa-form-data").dataset.placesUrl;
      const response = await fetch(`${url}?id=${encodeURIComponent(option.value)}`, { credentials: "same-origin" });
      if (!response.ok) return [];
      const party = await response.json();
      option.dataset.country = party.country;
      option.dataset.locations = party.locations.join(",");
    }
    return [option.dataset.country, ...(option.dataset.locations || "").split(",")].filter(Boolean);
  }

  async function fillDestination(select) {
    const option = select.selectedOptions[0];
    const input = document.getElementById(select.id.replace(/third_party$/, "destination_country"));
    if (!option || !option.value || !input || input.value) return;
    const outside = (await places(option)).find((c) => !EEA.has(c));
    if (outside && !input.value) input.value = outside;
  }

  document.addEventListener("change", (event) => {
    const t = event.target;
    if (t.matches(TRANSFER)) fillDestination(t);
    if (t.matches(RECIPIENT)) narrowTransfers();
    if (t.matches("input.ropa-country")) t.value = t.value.trim().toUpperCase();
  });
  window.addEventListener("load", () => {
    // select2 (the admin's autocomplete) reports its changes through jQuery only
    if (window.django && window.django.jQuery) window.django.jQuery(document).on("change", RECIPIENT, narrowTransfers);
    narrowTransfers();
  });
})();
