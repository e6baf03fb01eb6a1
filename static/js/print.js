// The « Imprimer » button of the exchange record: shown only when this script runs (the CSP forbids inline script).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
