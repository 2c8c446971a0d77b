// Limes console: keyboard help for the booth. Every page works without this file.
"use strict";
(function () {
  // Complete machine-readable zones: TD3 and MRV-A (2 x 44), TD2 and MRV-B (2 x 36), TD1 (3 x 30).
  function isCompleteMRZ(text) {
    var lines = text.split(/\r?\n/).map(function (line) { return line.trim(); }).filter(function (line) { return line.length > 0; });
    if (lines.length === 2) return lines.every(function (l) { return l.length === 44; }) || lines.every(function (l) { return l.length === 36; });
    if (lines.length === 3) return lines.every(function (l) { return l.length === 30; });
    return false;
  }

  var mrz = document.getElementById("mrz");
  if (mrz) {
    var started = document.getElementById("startedAt");
    mrz.focus();
    mrz.addEventListener("input", function () {
      // The traveller's time at the booth starts with the first character scanned.
      if (started && !started.value) started.value = String(Date.now());
    });
    mrz.addEventListener("keydown", function (event) {
      // A keyboard-wedge reader ends each line with Enter: send once the zone is complete.
      if (event.key === "Enter" && !event.shiftKey && isCompleteMRZ(mrz.value)) {
        event.preventDefault();
        mrz.form.requestSubmit();
      }
    });
  }

  function click(id) {
    var element = document.getElementById(id);
    if (element) { element.click(); return true; }
    return false;
  }

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var tag = target && target.tagName;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") return;
    var key = event.key.toLowerCase();
    if (!document.getElementById("verdict")) return;
    if (key === "a" && click("admit")) event.preventDefault();
    else if (key === "r" && click("refer")) event.preventDefault();
    else if (key === "x") {
      var ground = document.getElementById("ground");
      event.preventDefault();
      // Refusing needs its ground: with one proposed, one key; without, choose it first.
      if (ground && ground.value) click("refuse"); else if (ground) ground.focus();
    } else if (key === "escape" && click("next")) event.preventDefault();
  });
})();

// A page the browser keeps for Back (its back-forward cache) would show a check as it was
// before it was decided, buttons and all: ask the server again, which says it is decided.
window.addEventListener("pageshow", function (event) {
  if (event.persisted) window.location.reload();
});
