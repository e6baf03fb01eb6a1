// « Me géolocaliser »: fills hidden lat/lng fields from the browser's Geolocation API. The
// server rounds the point to about 1 km before storing or searching. Without JavaScript the
// button stays hidden and the postcode field does the job.
(function () {
  "use strict";
  if (!("geolocation" in navigator)) return;

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-geolocate]").forEach((button) => {
      const form = button.closest("form");
      const status = form.querySelector("[data-geo-status]");
      button.hidden = false;
      button.addEventListener("click", () => {
        button.disabled = true;
        navigator.geolocation.getCurrentPosition(
          (position) => {
            // Two decimals: about 1 km. The exact position never leaves the browser.
            form.querySelector("[name=lat]").value = position.coords.latitude.toFixed(2);
            form.querySelector("[name=lng]").value = position.coords.longitude.toFixed(2);
            const postcode = form.querySelector("[name=postcode], [name=near]");
            if (postcode) postcode.value = "";
            const city = form.querySelector("[name=city]");
            if (city) city.value = "";
            if (status) status.textContent = button.dataset.done || "✓";
            button.disabled = false;
            if (!button.hasAttribute("data-fill-form")) form.requestSubmit();
          },
          () => {
            if (status) status.textContent = button.dataset.error;
            button.disabled = false;
          },
          { enableHighAccuracy: false, timeout: 10000, maximumAge: 600000 }
        );
      });
    });
    // Typing a place replaces a previous position.
    document.querySelectorAll("[name=near], [name=postcode]").forEach((input) => {
      input.addEventListener("input", () => {
        const form = input.closest("form");
        ["lat", "lng"].forEach((name) => { const f = form.querySelector(`[name=${name}]`); if (f) f.value = ""; });
      });
    });
  });
})();
