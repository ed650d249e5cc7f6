/* Maps of the portal: Leaflet served by the site itself. Points beyond 100 are clustered and
   loaded from the dataset's GeoJSON download; small layers are embedded in the page. */
(function () {
  "use strict";
  if (typeof L === "undefined") { return; }
  var CLUSTER_FROM = 100;

  function popupContent(properties, fields) {
    var box = document.createElement("div");
    var names = fields && fields.length ? fields : Object.keys(properties || {}).slice(0, 4);
    names.forEach(function (name, index) {
      var value = properties ? properties[name] : null;
      if (value === null || value === undefined || value === "") { return; }
      var line = document.createElement(index === 0 ? "strong" : "div");
      line.textContent = index === 0 ? String(value) : name + " : " + String(value);
      box.appendChild(line);
    });
    return box;
  }

  function addLayer(map, spec, data, bounds, done) {
    var points = spec.geometry === "points";
    var layer = L.geoJSON(data, {
      onEachFeature: function (feature, item) {
        item.bindPopup(popupContent(feature.properties, spec.popup));
      },
      style: function () { return { color: "#0b5563", weight: 3, fillOpacity: 0.2 }; }
    });
    var target = layer;
    if (points && spec.count > CLUSTER_FROM && L.markerClusterGroup) {
      target = L.markerClusterGroup({ chunkedLoading: true });
      target.addLayer(layer);
    }
    target.addTo(map);
    var b = layer.getBounds();
    if (b.isValid()) { bounds.extend(b); }
    done(target);
  }

  document.querySelectorAll("[data-map]").forEach(function (element) {
    var config = JSON.parse(element.getAttribute("data-map"));
    element.innerHTML = "";
    element.classList.add("map-ready");
    var map = L.map(element, { scrollWheelZoom: false });
    if (config.tiles && config.tiles !== "none") {
      L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: config.maxZoom }).addTo(map);
    }
    var bounds = L.latLngBounds([]);
    var pending = config.layers.length;
    element.portalgenLayers = [];
    function finished(layer) {
      element.portalgenLayers.push(layer);
      pending -= 1;
      if (pending === 0) {
        if (bounds.isValid()) { map.fitBounds(bounds, { padding: [20, 20], maxZoom: 17 }); }
        else { map.setView([46.6, 2.4], 5); }
        element.setAttribute("data-map-ready", "true");
      }
    }
    config.layers.forEach(function (spec) {
      if (spec.bbox) {
        bounds.extend([[spec.bbox[1], spec.bbox[0]], [spec.bbox[3], spec.bbox[2]]]);
      }
      if (spec.inline) {
        var node = document.getElementById(spec.inline);
        addLayer(map, spec, JSON.parse(node.textContent), bounds, finished);
      } else {
        fetch(spec.url).then(function (r) { return r.json(); })
          .then(function (data) { addLayer(map, spec, data, bounds, finished); })
          .catch(function () { finished(null); });
      }
    });
    if (!config.layers.length) { map.setView([46.6, 2.4], 5); }
  });
}());
