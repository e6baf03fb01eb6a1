// Small progressive enhancements; every page works without this file.
document.addEventListener("htmx:afterSwap", (event) => {
  // After htmx replaces results, move focus to them so screen readers announce the change.
  const target = event.detail.target;
  if (target && target.hasAttribute("data-focus-after-swap")) {
    target.focus();
  }
});

// The phone menu: a disclosure button for the main navigation (club.css folds the list on phones).
const menuToggle = document.querySelector(".menu-toggle");
if (menuToggle) {
  const nav = menuToggle.closest("nav");
  const setOpen = (open) => menuToggle.setAttribute("aria-expanded", String(open));
  menuToggle.addEventListener("click", () => setOpen(menuToggle.getAttribute("aria-expanded") !== "true"));
  nav.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && menuToggle.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      menuToggle.focus();
    }
  });
  document.addEventListener("click", (event) => {
    if (!nav.contains(event.target)) setOpen(false);
  });
}

// A form sent back with errors: focus its first invalid field, so that its label and error are read out.
const firstInvalid = document.querySelector("main [aria-invalid='true']");
if (firstInvalid) {
  firstInvalid.focus();
}
