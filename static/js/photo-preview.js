// Photo previews on the annonce form: thumbnails of the files chosen, before upload, each with a
// button that takes it out of the selection. Progressive enhancement: without this file the file
// input works as is. Words come from the input's data-* attributes (translated by the server).
(function () {
  "use strict";
  const canEditFiles = typeof DataTransfer === "function" && (() => {
    try { return new DataTransfer().files instanceof FileList; } catch (e) { return false; }
  })();

  function fill(template, name) {
    return template.replace("{name}", name);
  }

  function setup(input) {
    const list = document.createElement("ul");
    list.className = "photo-previews";
    list.setAttribute("aria-label", input.dataset.previewLabel || "");
    list.hidden = true;
    const status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    input.insertAdjacentElement("afterend", status);
    input.insertAdjacentElement("afterend", list);
    let urls = [];

    function announce(text) {
      status.textContent = text;
    }

    function render() {
      urls.forEach((url) => URL.revokeObjectURL(url));
      urls = [];
      list.replaceChildren();
      const files = Array.from(input.files || []);
      files.forEach((file, index) => {
        const item = document.createElement("li");
        item.className = "photo-preview";
        const name = file.name;
        if (file.type.startsWith("image/")) {
          const img = document.createElement("img");
          const url = URL.createObjectURL(file);
          urls.push(url);
          img.src = url;
          img.alt = fill(input.dataset.previewAlt || "{name}", name);
          img.width = 96;
          img.height = 96;
          item.append(img);
        }
        const caption = document.createElement("span");
        caption.className = "photo-preview-name";
        caption.textContent = name;
        caption.setAttribute("aria-hidden", "true");
        item.append(caption);
        if (canEditFiles) {
          const remove = document.createElement("button");
          remove.type = "button";
          remove.className = "btn btn-secondary btn-small";
          remove.textContent = input.dataset.previewRemove || "×";
          remove.setAttribute("aria-label", fill(input.dataset.previewRemoveLabel || "{name}", name));
          remove.addEventListener("click", () => removeAt(index, name));
          item.append(remove);
        }
        list.append(item);
      });
      list.hidden = files.length === 0;
    }

    function removeAt(index, name) {
      const kept = new DataTransfer();
      Array.from(input.files).forEach((file, i) => { if (i !== index) kept.items.add(file); });
      input.files = kept.files;
      render();
      announce(fill(input.dataset.previewRemoved || "", name));
      // Focus stays in the list (the next photo's button), or goes back to the input.
      const buttons = list.querySelectorAll("button");
      (buttons[Math.min(index, buttons.length - 1)] || input).focus();
    }

    input.addEventListener("change", () => {
      render();
      const count = (input.files || []).length;
      if (count) announce((count > 1 ? input.dataset.previewCountMany : input.dataset.previewCountOne || "").replace("{n}", count));
    });
    // Back to the form with files still selected (the browser keeps them): show them.
    if (input.files && input.files.length) render();
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("input[type=file][data-photo-preview]").forEach(setup);
  });
})();
