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

// A search or agenda criterion's errors come back with the results (htmx, out of band) into the slot next
// to its field: mark the field invalid and described by them, or no longer once they are gone.
(function () {
  "use strict";
  document.addEventListener("htmx:afterSettle", () => {
    document.querySelectorAll("[data-errors-for]").forEach((slot) => {
      const field = document.getElementById(slot.dataset.errorsFor);
      if (!field || field.type === "hidden") return;
      const described = (field.getAttribute("aria-describedby") || "").split(" ").filter((id) => id && id !== slot.id);
      const invalid = slot.textContent.trim() !== "";
      if (invalid) described.push(slot.id);
      if (described.length) field.setAttribute("aria-describedby", described.join(" "));
      else field.removeAttribute("aria-describedby");
      if (invalid) field.setAttribute("aria-invalid", "true");
      else field.removeAttribute("aria-invalid");
      const wrapper = field.closest(".field, .filter-field");
      if (wrapper) wrapper.classList.toggle("has-error", invalid);
    });
  });
})();

// Back or forward to a page of filters (the agenda, the search): htmx puts back its snapshot of the
// page, whose results match the address but whose controls show the values they had when the snapshot
// was taken (the choice that led away from it). Set each control of a form that pushes its criteria
// into the address from that address.
(function () {
  "use strict";
  document.addEventListener("htmx:historyRestore", () => {
    const params = new URLSearchParams(window.location.search);
    document.querySelectorAll("form[hx-push-url]").forEach((form) => {
      Array.from(form.elements).forEach((field) => {
        if (!field.name || field.type === "submit" || field.type === "button" || field.type === "file") return;
        const values = params.getAll(field.name);
        if (field.type === "checkbox" || field.type === "radio") {
          field.checked = values.includes(field.value);
        } else if (field.tagName === "SELECT") {
          Array.from(field.options).forEach((option, index) => {
            option.selected = values.length ? values.includes(option.value) : index === 0 && !field.multiple;
          });
        } else {
          field.value = values[0] || "";
        }
      });
    });
  });
})();
