// The staff dashboard's charts (insights), drawn with the Chart.js served by the site. Each
// <canvas data-chart="ID"> reads its data from the <script type="application/json" id="ID"> that
// json_script wrote: {type: "bar"|"line"|"hbar", labels: [...], datasets: [{label, data}]}. The
// same figures are in the table under the chart, for screen readers and for copying.
(function () {
  "use strict";

  const COLOURS = ["#0b5563", "#c4621d", "#5b6ee1", "#2f8f4e", "#a23b72", "#6b7280"];

  function draw(canvas) {
    if (canvas.dataset.chartReady || typeof Chart === "undefined") return;
    const source = document.getElementById(canvas.dataset.chart);
    if (!source) return;
    let data;
    try { data = JSON.parse(source.textContent); } catch (e) { return; }
    canvas.dataset.chartReady = "1";
    const horizontal = data.type === "hbar";
    const reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    const rows = data.labels.length;
    if (horizontal) canvas.parentElement.style.height = Math.max(160, 60 + rows * (16 + 14 * data.datasets.length)) + "px";
    new Chart(canvas, {
      type: data.type === "line" ? "line" : "bar",
      data: {
        labels: data.labels,
        datasets: data.datasets.map((set, i) => ({
          label: set.label,
          data: set.data,
          backgroundColor: COLOURS[i % COLOURS.length],
          borderColor: COLOURS[i % COLOURS.length],
          maxBarThickness: 56,
        })),
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        maintainAspectRatio: false,
        animation: reduce ? false : undefined,
        plugins: { legend: { display: data.datasets.length > 1, position: "bottom" } },
        scales: { [horizontal ? "x" : "y"]: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
  }

  function drawAll() {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", drawAll);
  else drawAll();
})();
