// « Copier » next to a read-only address: shown only where the clipboard can be written.
document.querySelectorAll("[data-copy-source]").forEach((input) => {
  input.addEventListener("focus", () => input.select());
});
document.querySelectorAll("[data-copy-button]").forEach((button) => {
  const section = button.closest("section") || document;
  const source = section.querySelector("[data-copy-source]");
  const status = section.querySelector("[data-copy-status]");
  if (!source || !navigator.clipboard || !window.isSecureContext) return;
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(source.value);
      if (status) status.textContent = button.dataset.copied;
    } catch {
      source.select();
    }
  });
});
