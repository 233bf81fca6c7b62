// Live search for the attendance page: fills the cadre select with matches from the user's roster.
(function () {
  "use strict";
  var input = document.getElementById("cadre-search");
  if (!input) { return; }
  var select = document.getElementById(input.dataset.target);
  if (!select) { return; }
  var timer = null;
  var latest = 0;

  function fill(results) {
    var keep = select.value;
    while (select.options.length > 1) { select.remove(1); }
    results.forEach(function (item) {
      var option = document.createElement("option");
      option.value = String(item.id);
      option.textContent = item.text;
      select.appendChild(option);
    });
    if (results.length === 1) {
      select.value = String(results[0].id);
    } else {
      select.value = keep;
    }
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    var term = input.value.trim();
    if (!term) { return; }
    timer = window.setTimeout(function () {
      var request = ++latest;
      fetch(input.dataset.url + "?q=" + encodeURIComponent(term), {credentials: "same-origin"})
        .then(function (response) { return response.ok ? response.json() : {results: []}; })
        .then(function (data) { if (request === latest) { fill(data.results || []); } })
        .catch(function () { /* the search button still works without script */ });
    }, 250);
  });
})();
