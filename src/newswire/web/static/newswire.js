/* newswire serve: the few things a page does better with a script. Every page works
   without it (each chart mark is a link; the search box is a form); it is served from the
   package and asks nothing of any other host. */
(function () {
  "use strict";

  // Timeline: drag across the chart to zoom to the buckets brushed; the range goes into
  // the URL (since, until), so the page can be shared, reloaded and stepped back from.
  function brush(svg) {
    var slots = Array.prototype.slice.call(svg.querySelectorAll("rect.slot"));
    if (!slots.length) return;
    var box = null, x0 = null, dragged = false;
    function at(event) {
      var p = svg.createSVGPoint();
      p.x = event.clientX; p.y = event.clientY;
      return p.matrixTransform(svg.getScreenCTM().inverse()).x;
    }
    svg.addEventListener("pointerdown", function (event) {
      if (event.button !== 0) return;
      x0 = at(event); dragged = false;
      box = document.createElementNS("http://www.w3.org/2000/svg", "rect");
      box.setAttribute("class", "brush");
      box.setAttribute("y", slots[0].getAttribute("y"));
      box.setAttribute("height", slots[0].getAttribute("height"));
      box.setAttribute("x", x0); box.setAttribute("width", 0);
      svg.appendChild(box);
      event.preventDefault();
    });
    svg.addEventListener("pointermove", function (event) {
      if (x0 === null) return;
      var x = at(event);
      if (Math.abs(x - x0) > 4) dragged = true;
      box.setAttribute("x", Math.min(x, x0)); box.setAttribute("width", Math.abs(x - x0));
    });
    function finish(event) {
      if (x0 === null) return;
      var lo = Math.min(x0, at(event)), hi = Math.max(x0, at(event));
      x0 = null;
      box.remove();
      if (!dragged) return;
      var picked = slots.filter(function (s) {
        var a = parseFloat(s.getAttribute("x")), b = a + parseFloat(s.getAttribute("width"));
        return b > lo && a < hi;
      });
      if (!picked.length) return;
      var url = new URL(svg.getAttribute("data-zoom"), window.location.href);
      url.searchParams.set("since", picked[0].getAttribute("data-start"));
      url.searchParams.set("until", picked[picked.length - 1].getAttribute("data-end"));
      url.searchParams.delete("bucket"); url.searchParams.delete("range");
      window.location.assign(url.toString());
    }
    svg.addEventListener("pointerup", finish);
    svg.addEventListener("pointerleave", function (event) { if (x0 !== null) finish(event); });
    // a drag is not a click on the bar it started on
    svg.addEventListener("click", function (event) { if (dragged) { event.preventDefault(); dragged = false; } }, true);
  }

  // Actor search: the names that a few letters mean, from this server's /api/actors?q=, as
  // the input's suggestions (its <datalist>); the form itself opens /actors?q= without it.
  function typeahead(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var timer = null, asked = "";
    if (!list) return;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = input.value.trim();
        if (q.length < 2 || q === asked) return;
        asked = q;
        fetch(input.getAttribute("data-typeahead") + "?limit=8&q=" + encodeURIComponent(q))
          .then(function (r) { return r.ok ? r.json() : { items: [] }; })
          .then(function (page) {
            if (input.value.trim() !== q) return;
            list.replaceChildren.apply(list, page.items.map(function (a) {
              var option = document.createElement("option");
              option.value = a.name;
              option.label = a.events + (a.events === 1 ? " event" : " events");
              return option;
            }));
          })
          .catch(function () {});
      }, 150);
    });
  }

  document.querySelectorAll("svg.timeline[data-zoom]").forEach(brush);
  document.querySelectorAll("input[data-typeahead]").forEach(typeahead);
})();
