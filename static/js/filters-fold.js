// On a phone (≤ 600 px) the search form folds behind « Filtres (n) » so that the first results
// show without scrolling. The button is a disclosure (aria-expanded, aria-controls); without
// JavaScript it stays hidden and the form is shown. A form with an error stays open.
(function () {
  "use strict";
  const PHONE = window.matchMedia("(max-width: 37.5rem)");

  function setup(button) {
    const form = document.getElementById(button.getAttribute("aria-controls"));
    if (!form) return;
    function show(open) {
      button.setAttribute("aria-expanded", String(open));
      form.classList.toggle("is-folded", !open);
    }
    function fit() {
      button.hidden = !PHONE.matches;
      show(!PHONE.matches || Boolean(form.querySelector(".has-error")));
    }
    button.addEventListener("click", () => {
      const open = button.getAttribute("aria-expanded") !== "true";
      show(open);
      if (open) {
        const first = form.querySelector("input:not([type=hidden]), select");
        if (first) first.focus();
      }
    });
    PHONE.addEventListener("change", fit);
    fit();
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-filters-toggle]").forEach(setup);
  });
})();
