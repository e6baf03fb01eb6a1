// Draws the venue's map with Leaflet from data- attributes (no inline script): real tiles when a
// tile server is configured (data-tiles), otherwise the site's own offline outlines
// (static/js/map-base.js). The address and its link stay below the map.
(function () {
  "use strict";
  function draw(element) {
    if (!window.L) return;
    const tiles = element.dataset.tiles;
    const point = [parseFloat(element.dataset.lat), parseFloat(element.dataset.lng)];
    const fallback = element.querySelector(".map-fallback");
    const canvas = document.createElement("div");
    canvas.className = "venue-map-canvas";
    canvas.setAttribute("role", "region");
    canvas.setAttribute("aria-label", element.dataset.mapLabel || "");
    element.prepend(canvas);
    // Without tiles there are no streets to show: a view of the district instead of the street.
    const zoom = tiles ? parseInt(element.dataset.zoom || "15", 10) : 12;
    const map = window.L.map(canvas, { scrollWheelZoom: false, maxZoom: tiles ? 19 : 17 }).setView(point, zoom);
    map.attributionControl.setPrefix(false);
    if (!tiles && element.dataset.geoAttribution) map.attributionControl.addAttribution(element.dataset.geoAttribution);
    if (window.clubBaseMap) window.clubBaseMap(map, element);
    window.L.circleMarker(point, { radius: 10, color: "#0b5563", weight: 3, fillColor: "#f4b942", fillOpacity: 1 })
      .addTo(map)
      // A text node, not a string: Leaflet would read a string as HTML.
      .bindTooltip(document.createTextNode(element.dataset.label || ""), { permanent: false });
    if (fallback) fallback.classList.add("below-map");
  }
  document.querySelectorAll("[data-venue-map]").forEach(draw);
})();
