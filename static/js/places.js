// Places autocomplete: the WAI-ARIA 1.2 combobox pattern (an editable combobox with a list
// popup) on every input carrying data-place-combobox="<url of listings:places>". Keyboard:
// ↓/↑ move in the list (↓ opens it), Enter chooses, Escape closes (then clears), Tab leaves.
// Screen readers follow aria-activedescendant and hear the number of suggestions in a status.
// Phones: options are tall enough to touch; a tap chooses. Without JavaScript the field stays a
// plain text field and the server's resolver reads what was typed.
(function () {
  "use strict";
  const DELAY_MS = 120;
  let counter = 0;

  function setUp(input) {
    const id = `places-${++counter}`;
    const wrapper = document.createElement("div");
    wrapper.className = "combobox";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);
    const listbox = document.createElement("ul");
    listbox.id = `${id}-listbox`;
    listbox.className = "combobox-listbox";
    listbox.setAttribute("role", "listbox");
    listbox.hidden = true;
    // A name of its own: the field's label would make two elements answer to it.
    listbox.setAttribute("aria-label", input.dataset.listboxLabel || "…");
    wrapper.appendChild(listbox);
    const status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    wrapper.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);
    input.setAttribute("autocomplete", "off"); // the browser's own list would cover ours

    const postcodesOnly = input.hasAttribute("data-postcodes-only");
    let places = [];
    let active = -1;
    let timer = null;
    let controller = null;

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      const options = listbox.querySelectorAll("[role=option]");
      options.forEach((option, i) => option.setAttribute("aria-selected", i === index ? "true" : "false"));
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function render() {
      listbox.replaceChildren();
      places.forEach((place, i) => {
        const option = document.createElement("li");
        option.id = `${id}-option-${i}`;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        const name = document.createElement("span");
        name.className = "combobox-name";
        name.textContent = place.name;
        const hint = document.createElement("span");
        hint.className = "combobox-hint";
        hint.textContent = place.hint;
        option.append(name, " ", hint);
        option.addEventListener("pointerdown", (event) => event.preventDefault()); // keep the focus
        option.addEventListener("click", () => choose(i));
        listbox.appendChild(option);
      });
      const open = places.length > 0;
      listbox.hidden = !open;
      input.setAttribute("aria-expanded", open ? "true" : "false");
      active = -1;
      input.removeAttribute("aria-activedescendant");
      const template = places.length === 1 ? input.dataset.oneSuggestion : input.dataset.suggestions;
      status.textContent = (template || "%s").replace("%s", places.length);
    }

    function choose(index) {
      const place = places[index];
      if (!place) return;
      input.value = postcodesOnly ? place.postcode : place.value;
      const form = input.form;
      const city = postcodesOnly && form ? form.querySelector("[name=city]") : null;
      if (city) city.value = place.name;
      if (form) {
        ["lat", "lng"].forEach((name) => { const f = form.querySelector(`[name=${name}]`); if (f) f.value = ""; });
      }
      close();
      status.textContent = "";
      input.focus();
    }

    async function suggest() {
      const text = input.value.trim();
      if (text.length < 2) { places = []; render(); return; }
      if (controller) controller.abort();
      controller = new AbortController();
      const url = new URL(input.dataset.placeCombobox, window.location.href);
      url.searchParams.set("q", text);
      if (postcodesOnly) url.searchParams.set("postcodes", "1");
      try {
        const response = await fetch(url, { signal: controller.signal, headers: { Accept: "application/json" } });
        if (!response.ok) return;
        places = (await response.json()).places || [];
        if (document.activeElement === input) render();
      } catch (error) {
        if (error.name !== "AbortError") close();
      }
    }

    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(suggest, DELAY_MS);
    });
    input.addEventListener("keydown", (event) => {
      const open = !listbox.hidden;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!open) { if (places.length) render(); else suggest(); return; }
        highlight(active + 1 < places.length ? active + 1 : 0);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (open) highlight(active > 0 ? active - 1 : places.length - 1);
      } else if (event.key === "Enter") {
        if (open && active >= 0) { event.preventDefault(); choose(active); }
      } else if (event.key === "Escape") {
        if (open) { event.preventDefault(); close(); } else if (input.value) { event.preventDefault(); input.value = ""; }
      } else if (event.key === "Tab") {
        close();
      }
    });
    input.addEventListener("blur", () => setTimeout(close, 0));
  }

  function init(root) {
    root.querySelectorAll("input[data-place-combobox]:not([role=combobox])").forEach(setUp);
  }

  document.addEventListener("DOMContentLoaded", () => init(document));
  document.addEventListener("htmx:afterSwap", (event) => init(event.target));
})();
