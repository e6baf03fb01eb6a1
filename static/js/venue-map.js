// Draws the venue's map with Leaflet from data- attributes (no inline script). When no tile
// server is configured (tests, offline demos) the address fallback stays as it is.
(function () {
  "use strict";
  function draw(element) {
    const tiles = element.dataset.tiles;
    if (!tiles || !window.L) return;
    const point = [parseFloat(element.dataset.lat), parseFloat(element.dataset.lng)];
    const fallback = element.querySelector(".map-fallback");
    const canvas = document.createElement("div");
    canvas.className = "venue-map-canvas";
    element.prepend(canvas);
    const map = window.L.map(canvas, { scrollWheelZoom: false }).setView(point, parseInt(element.dataset.zoom || "15", 10));
    window.L.tileLayer(tiles, { maxZoom: 19, attribution: element.dataset.attribution || "" }).addTo(map);
    window.L.circleMarker(point, { radius: 10, color: "#0b5563", weight: 3, fillColor: "#f4b942", fillOpacity: 1 })
      .addTo(map)
      // A text node, not a string: Leaflet would read a string as HTML.
      .bindTooltip(document.createTextNode(element.dataset.label || ""), { permanent: false });
    if (fallback) fallback.classList.add("below-map");
  }
  document.querySelectorAll("[data-venue-map]").forEach(draw);
})();
