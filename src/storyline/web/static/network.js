/* storyline: the actor network, drawn as SVG with a small force layout (no library).
   Used by the web app (/network) and inlined in the offline report. */
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var box = document.querySelector(".network[data-network], .network[data-src]");
  if (!box) { return; }

  function el(name, attrs) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  // Fruchterman-Reingold: every pair repels, links attract, a cooling temperature caps each step.
  // Start positions are a spiral by rank, so the same data always draws the same picture.
  function layout(nodes, links, width, height) {
    nodes.forEach(function (n, i) {
      var angle = i * 2.39996, radius = 18 * Math.sqrt(i + 1);
      n.x = width / 2 + radius * Math.cos(angle);
      n.y = height / 2 + radius * Math.sin(angle);
    });
    var k = 0.6 * Math.sqrt(width * height / (nodes.length + 1));
    // gravity strong enough that the whole repulsion of the others is balanced near the edge of an
    // ellipse filling the box: lone actors stay in view instead of being pushed into the corners
    var rx = 0.42 * width, ry = 0.42 * height, pull = nodes.length * k * k;
    var steps = 400, temp = width / 8;
    for (var step = 0; step < steps; step++) {
      nodes.forEach(function (n) { n.dx = 0; n.dy = 0; });
      for (var i = 0; i < nodes.length; i++) {
        for (var j = i + 1; j < nodes.length; j++) {
          var a = nodes[i], b = nodes[j];
          var dx = a.x - b.x, dy = a.y - b.y, d = Math.sqrt(dx * dx + dy * dy) + 0.01;
          var f = k * k / d;
          a.dx += dx / d * f; a.dy += dy / d * f; b.dx -= dx / d * f; b.dy -= dy / d * f;
        }
      }
      links.forEach(function (l) {
        var dx = l.t.x - l.s.x, dy = l.t.y - l.s.y, d = Math.sqrt(dx * dx + dy * dy) + 0.01;
        var f = d * d / k * l.w * 0.25;  // weak springs: a dense core still spreads out
        l.s.dx += dx / d * f; l.s.dy += dy / d * f; l.t.dx -= dx / d * f; l.t.dy -= dy / d * f;
      });
      nodes.forEach(function (n) {
        n.dx += (width / 2 - n.x) * pull / (rx * rx); n.dy += (height / 2 - n.y) * pull / (rx * ry);
        var d = Math.sqrt(n.dx * n.dx + n.dy * n.dy) + 0.01, move = Math.min(d, temp);
        n.x = Math.max(40, Math.min(width - 120, n.x + n.dx / d * move));
        n.y = Math.max(20, Math.min(height - 20, n.y + n.dy / d * move));
      });
      temp = Math.max(1, temp * 0.985);
    }
  }

  // A dense corpus names most actors together somewhere: draw the strongest ties only
  // (every stated relation, then co-mentions by count) so the picture stays readable.
  function strongest(nodes, edges) {
    var index = {};
    nodes.forEach(function (n) { index[n.id] = n; });
    var links = edges.map(function (e) {
      return { s: index[e.source], t: index[e.target], e: e, score: e.relations.length * 1000 + e.comentions };
    }).filter(function (l) { return l.s && l.t; });
    links.sort(function (x, y) { return y.score - x.score; });
    var kept = links.slice(0, Math.max(Math.round(nodes.length * 1.5), links.filter(function (l) { return l.e.relations.length; }).length));
    var top = Math.max.apply(null, kept.map(function (l) { return l.e.comentions; }).concat([1]));
    kept.forEach(function (l) { l.w = 0.3 + 0.7 * l.e.comentions / top + (l.e.relations.length ? 0.5 : 0); });
    return { links: kept, total: links.length };
  }

  function draw(data) {
    box.textContent = "";
    var width = box.clientWidth || 900, height = box.clientHeight || 600;
    var nodes = data.nodes, edges = data.edges;
    if (!nodes.length) { box.textContent = "No actors match these filters."; return; }
    var chosen = strongest(nodes, edges), links = chosen.links;
    layout(nodes, links, width, height);
    var svg = el("svg", { viewBox: "0 0 " + width + " " + height, role: "img", "aria-label": "Actor network" });
    var linkLayer = el("g"), nodeLayer = el("g");
    svg.appendChild(linkLayer); svg.appendChild(nodeLayer);
    var maxDocs = Math.max.apply(null, nodes.map(function (n) { return n.documents || 1; }));
    var neighbours = {};
    links.forEach(function (l) {
      var rel = l.e.relations.length > 0;
      l.line = el("line", { "class": "link" + (rel ? " rel" : ""),
        "stroke-width": String(Math.min(6, 0.6 + Math.log(1 + l.e.comentions) + (rel ? 1 : 0))) });
      var title = el("title");
      title.textContent = l.s.name + " — " + l.t.name + ": " + l.e.comentions + " article(s)" +
        l.e.relations.map(function (r) { return "; " + r.predicate; }).join("");
      l.line.appendChild(title);
      linkLayer.appendChild(l.line);
      (neighbours[l.s.id] = neighbours[l.s.id] || []).push(l);
      (neighbours[l.t.id] = neighbours[l.t.id] || []).push(l);
    });
    nodes.forEach(function (n) {
      var g = el("g", { "class": "node t-" + n.type, tabindex: "0", "data-id": n.id });
      var r = 5 + 13 * Math.sqrt((n.documents || 1) / maxDocs);
      g.appendChild(el("circle", { r: String(r) }));
      var label = el("text", { x: String(r + 3), y: "4" });
      label.textContent = n.name;  // textContent: names are article text, never markup
      g.appendChild(label);
      var tip = el("title");
      tip.textContent = n.name + " (" + n.type + ") · " + n.documents + " documents · " + n.mentions + " mentions";
      g.appendChild(tip);
      n.g = g;
      nodeLayer.appendChild(g);
    });

    function place() {
      links.forEach(function (l) {
        l.line.setAttribute("x1", l.s.x); l.line.setAttribute("y1", l.s.y);
        l.line.setAttribute("x2", l.t.x); l.line.setAttribute("y2", l.t.y);
      });
      nodes.forEach(function (n) { n.g.setAttribute("transform", "translate(" + n.x + "," + n.y + ")"); });
    }
    place();

    function focus(n, on) {
      var near = {}; near[n.id] = true;
      (neighbours[n.id] || []).forEach(function (l) { near[l.s.id] = true; near[l.t.id] = true; });
      nodes.forEach(function (m) { m.g.classList.toggle("dim", on && !near[m.id]); });
      links.forEach(function (l) { l.line.classList.toggle("dim", on && l.s !== n && l.t !== n); });
    }

    var dragging = null, moved = false;
    function point(evt) {
      var rect = svg.getBoundingClientRect();
      return { x: (evt.clientX - rect.left) * width / rect.width, y: (evt.clientY - rect.top) * height / rect.height };
    }
    nodes.forEach(function (n) {
      n.g.addEventListener("pointerdown", function (evt) { dragging = n; moved = false; n.g.setPointerCapture(evt.pointerId); });
      n.g.addEventListener("pointerenter", function () { focus(n, true); });
      n.g.addEventListener("pointerleave", function () { if (!dragging) { focus(n, false); } });
      n.g.addEventListener("keydown", function (evt) { if (evt.key === "Enter") { open(n); } });
    });
    svg.addEventListener("pointermove", function (evt) {
      if (!dragging) { return; }
      var p = point(evt); moved = true;
      dragging.x = p.x; dragging.y = p.y; place();
    });
    svg.addEventListener("pointerup", function () {
      if (dragging && !moved) { open(dragging); }
      if (dragging) { focus(dragging, false); }
      dragging = null;
    });
    function open(n) { window.location.assign(n.href || "/entities/" + encodeURIComponent(n.id)); }
    box.appendChild(svg);

    var legend = document.getElementById("network-legend");
    if (legend) {
      legend.textContent = chosen.total > links.length ?
        "Showing the " + links.length + " strongest of " + chosen.total + " links. " : "";
      var seen = {};
      nodes.forEach(function (n) { seen[n.type] = true; });
      Object.keys(seen).sort().forEach(function (t) {
        var sw = document.createElement("span");
        sw.className = "swatch swatch-" + t;
        legend.appendChild(sw);
        legend.appendChild(document.createTextNode(t));
      });
    }
  }

  // The offline report carries its data in the page; the app fetches it from its JSON API.
  var inline = box.getAttribute("data-network");
  if (inline) {
    draw(JSON.parse(inline));
    return;
  }
  fetch(box.getAttribute("data-src"), { credentials: "same-origin" })
    .then(function (r) { if (!r.ok) { throw new Error(r.statusText); } return r.json(); })
    .then(draw)
    .catch(function (err) { box.textContent = "Could not load the network: " + err.message; });
}());
