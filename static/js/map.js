// Maps of annonces, drawn with the Leaflet served by the site. Configured by data- attributes:
// data-markers (JSON [{lat, lng, title?, url?}], already rounded by the server: about 1 km),
// data-tiles (tile URL; empty: the offline outlines of static/js/map-base.js), data-center
// ("lat,lng"), data-zoom, data-circle (metres, around the only marker), data-geo-* (the outlines).
// Markers close together gather into a cluster that shows their number (Leaflet.markercluster).
(function () {
  "use strict";

  const MARKER = { radius: 8, color: "#083f49", weight: 2, fillColor: "#0b5563", fillOpacity: 0.85 };

  function clusterIcon(cluster) {
    const count = cluster.getChildCount();
    const size = count < 10 ? 32 : count < 100 ? 38 : 44;
    const label = document.createElement("span");
    label.textContent = String(count);
    return L.divIcon({ html: label.outerHTML, className: "map-cluster", iconSize: L.point(size, size) });
  }

  function markerLayer() {
    if (typeof L.markerClusterGroup !== "function") return L.layerGroup();
    return L.markerClusterGroup({
      showCoverageOnHover: false,
      maxClusterRadius: 40,
      spiderfyOnMaxZoom: true,
      iconCreateFunction: clusterIcon,
    });
  }

  function draw(element) {
    if (element.dataset.mapReady || typeof L === "undefined") return;
    element.dataset.mapReady = "1";
    let markers = [];
    try { markers = JSON.parse(element.dataset.markers || "[]"); } catch (e) { return; }
    // Half zoom steps: France fills a phone's small map instead of floating in Europe.
    const map = L.map(element, { scrollWheelZoom: false, maxZoom: 17, zoomSnap: 0.5 });
    map.attributionControl.setPrefix(false);
    if (element.dataset.geoAttribution && !element.dataset.tiles) {
      map.attributionControl.addAttribution(element.dataset.geoAttribution);
    }
    const center = element.dataset.center ? element.dataset.center.split(",").map(Number) : null;
    const points = markers.map((m) => [m.lat, m.lng]).concat(center ? [center] : []);
    // The view first: layers added to a map without one are drawn at its first move, in a race
    // with the clusters' own drawing.
    if (points.length > 1) {
      map.fitBounds(points, { padding: [16, 16], maxZoom: 13, animate: false });
    } else if (points.length === 1) {
      // Without tiles there are no streets: one step back shows the district around the place.
      const zoom = Number(element.dataset.zoom || 12) - (element.dataset.tiles ? 0 : 1);
      map.setView(points[0], zoom, { animate: false });
    } else {
      map.setView([46.6, 2.4], 5, { animate: false });
    }
    if (window.clubBaseMap) window.clubBaseMap(map, element);
    if (element.dataset.circle) {
      markers.forEach((m) => {
        L.circle([m.lat, m.lng], { radius: Number(element.dataset.circle), color: "#0b5563", weight: 2, fillOpacity: 0.15 }).addTo(map);
      });
    } else {
      const group = markerLayer();
      markers.forEach((m) => {
        const marker = L.circleMarker([m.lat, m.lng], MARKER);
        if (m.title) {
          const link = document.createElement("a");
          link.href = m.url || "#";
          link.textContent = m.title;
          marker.bindPopup(link);
        }
        group.addLayer(marker);
      });
      group.addTo(map);
    }
    if (center) L.circleMarker(center, { radius: 5, color: "#a61b1b", weight: 2, fillOpacity: 1 }).addTo(map);
  }

  function drawAll(root) {
    (root || document).querySelectorAll("[data-map]").forEach(draw);
  }

  document.addEventListener("DOMContentLoaded", () => drawAll(document));
  // htmx swaps the results (and their map) in: draw the new one.
  document.addEventListener("htmx:load", (event) => drawAll(event.detail.elt.parentNode || document));
})();
