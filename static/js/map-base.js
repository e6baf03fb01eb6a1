// The offline base map under every Leaflet map of the site: the sea, the neighbouring countries,
// France with its départements, and the arrondissements of Paris, Lyon and Marseille from zoom 11.
// The outlines are GeoJSON files served by the site itself (static/geo/, built by
// scripts/build_geo.py): nothing is fetched from elsewhere. Each file is fetched once per page,
// when a map first needs it. A map element names the files in data-geo-neighbours,
// data-geo-france and data-geo-arrondissements (templates/_map_geo_attrs.html).
// With data-tiles (MAP_TILES_URL set), real tiles are drawn instead.
(function () {
  "use strict";

  const ARRONDISSEMENTS_FROM_ZOOM = 11;
  const cache = {};

  function load(url) {
    if (!url) return Promise.resolve(null);
    if (!cache[url]) {
      cache[url] = fetch(url, { credentials: "same-origin" })
        .then((response) => (response.ok ? response.json() : null))
        .catch(() => null);
    }
    return cache[url];
  }

  // Panes under the markers (Leaflet's overlay pane is at 400), in drawing order.
  function pane(map, name, zIndex) {
    if (!map.getPane(name)) map.createPane(name).style.zIndex = String(zIndex);
    return name;
  }

  function layer(map, data, paneName, style) {
    return L.geoJSON(data, { pane: paneName, interactive: false, style: style });
  }

  // Leaflet cannot add a vector layer in the middle of a zoom animation: wait for its end.
  function addWhenIdle(map, drawn) {
    if (map._animatingZoom) map.once("zoomend", () => addWhenIdle(map, drawn));
    else if (!map.hasLayer(drawn)) drawn.addTo(map);
  }

  const STYLES = {
    neighbour: { color: "#b9b2a2", weight: 0.8, fillColor: "#ece7db", fillOpacity: 1 },
    land: { color: "#5f7378", weight: 1, fillColor: "#fbf9f3", fillOpacity: 1 },
    borders: { color: "#9aa9ad", weight: 0.8 },
    arrondissements: { color: "#b3bfc2", weight: 0.8, dashArray: "3 3" },
  };

  function addTiles(map, url, attribution) {
    map.attributionControl.addAttribution(attribution || "© OpenStreetMap");
    L.tileLayer(url, { maxZoom: 19 }).addTo(map);
  }

  function addOutlines(map, element) {
    map.getContainer().classList.add("map-offline");
    const data = element.dataset;
    const neighboursPane = pane(map, "geo-neighbours", 200);
    const francePane = pane(map, "geo-france", 210);
    const arrondissementsPane = pane(map, "geo-arrondissements", 220);
    load(data.geoNeighbours).then((geo) => {
      if (geo) addWhenIdle(map, layer(map, geo, neighboursPane, STYLES.neighbour));
    });
    load(data.geoFrance).then((geo) => {
      if (geo) addWhenIdle(map, layer(map, geo, francePane, (f) => STYLES[f.properties.kind] || STYLES.borders));
    });
    // The arrondissements only where they can be told apart: fetched the first time a map gets there.
    let arrondissements = null;
    function toggle() {
      const wanted = map.getZoom() >= ARRONDISSEMENTS_FROM_ZOOM;
      if (wanted && !arrondissements) {
        arrondissements = load(data.geoArrondissements).then((geo) =>
          geo ? layer(map, geo, arrondissementsPane, STYLES.arrondissements) : null);
      }
      if (arrondissements) {
        arrondissements.then((drawn) => {
          if (!drawn) return;
          if (map.getZoom() >= ARRONDISSEMENTS_FROM_ZOOM) addWhenIdle(map, drawn);
          else if (map.hasLayer(drawn)) map.removeLayer(drawn);
        });
      }
    }
    map.on("zoomend", toggle);
    map.whenReady(toggle);
  }

  // The base of a map: tiles when a tile server is configured, the offline outlines otherwise.
  window.clubBaseMap = function (map, element) {
    if (element.dataset.tiles) addTiles(map, element.dataset.tiles, element.dataset.attribution);
    else addOutlines(map, element);
  };
})();
