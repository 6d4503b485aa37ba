// The local cloud console's only script: live updates while something runs, and the Start execution form's JSON
// check. It talks to its own origin only (the edge refuses other web sites), and writes text, never markup.
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  checkJsonBeforeSubmit();
  confirmBeforeSubmit();
  autosubmit();
  var live = document.querySelector("[data-live]");
  if (live && live.getAttribute("data-status") === "RUNNING") {
    poll(live);
  }
});

function checkJsonBeforeSubmit() {
  document.querySelectorAll("form[data-json-field]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var field = form.elements[form.getAttribute("data-json-field")];
      var error = form.querySelector(".form-error");
      try {
        JSON.parse(field.value.trim() === "" ? "{}" : field.value);
        error.hidden = true;
      } catch (e) {
        event.preventDefault();
        error.textContent = "The input is not valid JSON: " + e.message;
        error.hidden = false;
      }
    });
  });
}

function confirmBeforeSubmit() {
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) {
        event.preventDefault();
      }
    });
  });
}

function autosubmit() {
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
}

// Polls the page's live JSON each second: status words, counters and the graph's state colours change in place.
// When the run ends, the page is loaded once more for what only a finished run has (output, results, events).
function poll(live) {
  var url = live.getAttribute("data-live");
  var timer = setInterval(function () {
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        update(live, data);
        if (data.status !== "RUNNING") {
          clearInterval(timer);
          window.location.reload();
        }
      })
      .catch(function () { /* the local cloud went away: keep the last picture */ });
  }, 1000);
}

function update(live, data) {
  live.querySelectorAll("[data-counter]").forEach(function (cell) {
    var path = cell.getAttribute("data-counter").split(".");
    var value = data[path[0]] && data[path[0]][path[1]];
    if (value !== undefined) { cell.textContent = String(value); }
  });
  if (data.states) {
    live.querySelectorAll("g.sg-state[data-state]").forEach(function (node) {
      var status = data.states[node.getAttribute("data-state")] || "NOT_REACHED";
      var classes = node.getAttribute("class").split(" ").filter(function (c) {
        return c.indexOf("sg-") !== 0 || c === "sg-state" || c === "sg-compound";
      });
      classes.push("sg-" + status.toLowerCase());
      node.setAttribute("class", classes.join(" "));
      node.setAttribute("data-status", status);
    });
  }
}
