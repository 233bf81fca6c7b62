/* Draws the dashboard's three charts from the JSON the page embeds (json_script "dashboard-data"). */
(function () {
  "use strict";
  var source = document.getElementById("dashboard-data");
  if (!source || typeof echarts === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var charts = [];

  function draw(id, option) {
    var element = document.getElementById(id);
    if (!element) {
      return;
    }
    var chart = echarts.init(element);
    chart.setOption(option);
    charts.push(chart);
  }

  draw("chart-rates", {
    tooltip: { trigger: "axis", valueFormatter: function (v) { return v === null ? "—" : v + "%"; } },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 36, bottom: 60 },
    xAxis: { type: "category", data: data.rates.townships, axisLabel: { interval: 0, rotate: data.rates.townships.length > 12 || window.innerWidth < 576 ? 45 : 0 } },
    yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
    series: data.rates.series.map(function (s) { return { name: s.name, type: "bar", barMaxWidth: 48, data: s.data }; })
  });

  draw("chart-pipeline", {
    tooltip: { trigger: "axis" },
    grid: { left: 60, right: 24, top: 16, bottom: 24 },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", inverse: true, data: data.pipeline.map(function (p) { return p.name; }) },
    series: [{ type: "bar", data: data.pipeline.map(function (p) { return p.value; }), label: { show: true, position: "right" } }]
  });

  draw("chart-training", {
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 40, right: 48, top: 36, bottom: 24 },
    xAxis: { type: "category", data: data.training.months },
    yAxis: [
      { type: "value", name: "场次", minInterval: 1 },
      { type: "value", name: "人次", minInterval: 1 }
    ],
    series: [
      { name: "培训场次", type: "bar", data: data.training.trainings },
      { name: "活动场次", type: "bar", data: data.training.activities },
      { name: "参训人次", type: "line", yAxisIndex: 1, data: data.training.participants }
    ]
  });

  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
})();
