/* Totals the scores of a criteria table as the user types and checks them against the pass rule.
   Markup: <table data-score-table data-pass-total="80" data-pass-min="6"> with inputs carrying
   data-score-input data-max="10", a [data-score-total] cell and a [data-score-status] element. */
(function () {
  "use strict";

  function format(value) {
    var rounded = Math.round(value * 10) / 10;
    return String(rounded);
  }

  function update(table) {
    var inputs = table.querySelectorAll("[data-score-input]");
    var passTotal = parseFloat(table.getAttribute("data-pass-total") || "0");
    var passMin = parseFloat(table.getAttribute("data-pass-min") || "0");
    var total = 0;
    var filled = 0;
    var low = 0;
    var invalid = 0;
    inputs.forEach(function (input) {
      var value = parseFloat(input.value);
      var max = parseFloat(input.getAttribute("data-max"));
      input.classList.remove("is-invalid", "border-warning");
      if (isNaN(value)) {
        return;
      }
      if (value < 0 || value > max) {
        input.classList.add("is-invalid");
        invalid += 1;
        return;
      }
      filled += 1;
      total += value;
      if (value < passMin) {
        low += 1;
        input.classList.add("border-warning");
      }
    });
    var totalCell = table.querySelector("[data-score-total]");
    if (totalCell) {
      totalCell.textContent = format(total);
    }
    var status = table.querySelector("[data-score-status]");
    if (!status) {
      return;
    }
    status.classList.remove("text-success", "text-danger", "text-muted");
    if (invalid) {
      status.textContent = "有 " + invalid + " 项分数超出范围";
      status.classList.add("text-danger");
    } else if (filled < inputs.length) {
      status.textContent = "尚有 " + (inputs.length - filled) + " 项未打分";
      status.classList.add("text-muted");
    } else if (total >= passTotal && low === 0) {
      status.textContent = "达到通过标准";
      status.classList.add("text-success");
    } else {
      var parts = [];
      if (total < passTotal) {
        parts.push("总分低于 " + format(passTotal) + " 分");
      }
      if (low) {
        parts.push(low + " 项低于 " + format(passMin) + " 分");
      }
      status.textContent = "未达到通过标准（" + parts.join("，") + "）";
      status.classList.add("text-danger");
    }
  }

  document.querySelectorAll("[data-score-table]").forEach(function (table) {
    table.addEventListener("input", function () {
      update(table);
    });
    update(table);
  });
})();
