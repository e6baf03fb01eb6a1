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
    // A caption, not an aria-label: the list must not be found as the field labelled « Photos ».
    const box = document.createElement("div");
    box.className = "photo-previews-box";
    box.hidden = true;
    const caption = document.createElement("p");
    caption.className = "photo-previews-title";
    caption.textContent = input.dataset.previewLabel || "";
    const list = document.createElement("ul");
    list.className = "photo-previews";
    box.append(caption, list);
    const status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    // Under the field's help (sizes and formats), which belongs with the input.
    const anchor = document.getElementById(`${input.id}_helptext`) || input;
    anchor.insertAdjacentElement("afterend", status);
    anchor.insertAdjacentElement("afterend", box);
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
        const label = document.createElement("span");
        label.className = "photo-preview-name";
        label.textContent = name;
        label.setAttribute("aria-hidden", "true");
        item.append(label);
        if (canEditFiles) {
          // Its name says which photo, in its text (a visually hidden part), not in an aria-label.
          const remove = document.createElement("button");
          remove.type = "button";
          remove.className = "btn btn-secondary btn-small";
          const [before, after] = (input.dataset.previewRemoveLabel || "{name}").split("{name}");
          const seen = document.createElement("span");
          seen.textContent = input.dataset.previewRemove || "×";
          const unseen = document.createElement("span");
          unseen.className = "visually-hidden";
          unseen.textContent = ` (${before}${name}${after || ""})`;
          remove.append(seen, unseen);
          remove.addEventListener("click", () => removeAt(index, name));
          item.append(remove);
        }
        list.append(item);
      });
      box.hidden = files.length === 0;
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
