// Draws every element with data-chart="<id>" from the Plotly spec in <script id="<id>">.
(function () {
  "use strict";
  function draw() {
    if (typeof window.Plotly === "undefined") {
      return;
    }
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      var source = document.getElementById(element.dataset.chart);
      if (!source) {
        return;
      }
      var spec = JSON.parse(source.textContent);
      window.Plotly.newPlot(element, spec.data, spec.layout, {
        responsive: true,
        displayModeBar: false,
      });
      element.dataset.drawn = "true";
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
