// seedbed's only script: keyboard (j/k move, w/s mark, u undo), copy, drop zone, import progress.
// It never builds HTML: text goes in with textContent. Every POST carries the CSRF header.
(function () {
  "use strict";

  var FOCUS_KEY = "seedbed-focus";

  function csrf() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function post(url, fields) {
    return fetch(url, {
      method: "POST",
      headers: { "X-CSRF-Token": csrf() },
      body: new URLSearchParams(fields || {}),
      credentials: "same-origin"
    });
  }

  // -- keyboard -----------------------------------------------------------------------------
  var focused = null;

  function visibleRows() {
    return Array.prototype.filter.call(document.querySelectorAll(".row"), function (row) {
      return row.offsetParent !== null;
    });
  }

  function focusRow(row) {
    if (!row) { return; }
    if (focused) { focused.classList.remove("focused"); }
    focused = row;
    row.classList.add("focused");
    row.scrollIntoView({ block: "nearest" });
    var link = row.querySelector("a");
    if (link) { link.focus({ preventScroll: true }); }
    try { sessionStorage.setItem(FOCUS_KEY, row.getAttribute("data-item")); } catch (e) { /* private mode */ }
  }

  function currentItem() {
    if (focused) { return focused.getAttribute("data-item"); }
    var main = document.querySelector("[data-current-item]");
    return main ? main.getAttribute("data-current-item") : null;
  }

  function act(path, fields) {
    var id = currentItem();
    if (!id) { return; }
    post("/items/" + encodeURIComponent(id) + path, fields).then(function (response) {
      var done = new URL(response.url).searchParams.get("done") || "";
      var here = new URL(window.location.href);
      here.searchParams.set("done", done);
      window.location.assign(here.toString());
    });
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) {
      return;
    }
    var rows = visibleRows();
    var index = focused ? rows.indexOf(focused) : -1;
    switch (event.key) {
      case "j": focusRow(rows[Math.min(index + 1, rows.length - 1)]); break;
      case "k": focusRow(rows[Math.max(index - 1, 0)]); break;
      case "w": act("/mark", { label: "welcome" }); break;
      case "s": act("/mark", { label: "spam" }); break;
      case "u": act("/unmark", {}); break;
      default: return;
    }
    event.preventDefault();
  });

  function restoreFocus() {
    var id = null;
    try { id = sessionStorage.getItem(FOCUS_KEY); } catch (e) { id = null; }
    var row = id ? document.getElementById("item-" + id) : null;
    if (row && row.offsetParent !== null) { focusRow(row); }
    // A flash is shown once: drop ?done= so a reload does not show it again.
    var here = new URL(window.location.href);
    if (here.searchParams.has("done")) {
      here.searchParams.delete("done");
      window.history.replaceState(null, "", here.toString());
    }
  }

  // -- copy the drafted reply ---------------------------------------------------------------
  function setUpCopy() {
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      button.addEventListener("click", function () {
        var source = document.getElementById(button.getAttribute("data-copy"));
        var note = button.parentNode.querySelector(".copied");
        var shown = function () { if (note) { note.hidden = false; } };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(source.value).then(shown, function () {
            source.select(); document.execCommand("copy"); shown();
          });
        } else {
          source.select(); document.execCommand("copy"); shown();
        }
      });
    });
  }

  // -- import: drop zone and size check -----------------------------------------------------
  function setUpUpload() {
    var form = document.getElementById("upload-form");
    if (!form) { return; }
    var drop = document.getElementById("drop");
    var input = document.getElementById("export");
    var picked = document.getElementById("picked");
    var sizeError = document.getElementById("size-error");
    var limit = parseInt(form.getAttribute("data-limit"), 10);
    var showPicked = function () {
      var file = input.files && input.files[0];
      picked.hidden = !file;
      picked.textContent = file ? file.name : "";
      sizeError.hidden = !(file && file.size > limit);
    };
    input.addEventListener("change", showPicked);
    ["dragenter", "dragover"].forEach(function (name) {
      drop.addEventListener(name, function (event) { event.preventDefault(); drop.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      drop.addEventListener(name, function () { drop.classList.remove("over"); });
    });
    drop.addEventListener("drop", function (event) {
      event.preventDefault();
      if (event.dataTransfer && event.dataTransfer.files.length) {
        input.files = event.dataTransfer.files;
        showPicked();
      }
    });
    form.addEventListener("submit", function (event) {
      var file = input.files && input.files[0];
      if (file && file.size > limit) { event.preventDefault(); sizeError.hidden = false; }
    });
  }

  // -- import: progress ---------------------------------------------------------------------
  var PHASES = { queued: "Waiting to start", reading: "Reading the export",
                 judging: "Importing and judging", done: "Done", failed: "The import failed" };

  function setUpJob() {
    var box = document.getElementById("job");
    if (!box || box.getAttribute("data-finished") === "yes") { return; }
    var id = box.getAttribute("data-job");
    var bar = document.getElementById("job-progress");
    var timer = window.setInterval(function () {
      fetch("/import/" + encodeURIComponent(id) + "/status", { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (job) {
          document.getElementById("job-phase").textContent = PHASES[job.phase] || job.phase;
          document.getElementById("job-detail").textContent = job.detail;
          if (job.total) { bar.max = job.total; bar.value = job.done; }
          if (job.phase === "judging") { bar.removeAttribute("value"); }
          if (!job.finished) { return; }
          window.clearInterval(timer);
          box.setAttribute("data-finished", "yes");
          bar.hidden = true;
          document.getElementById("job-items").textContent = job.items;
          document.getElementById("job-new").textContent = job.new_items;
          document.getElementById("job-error").textContent = job.error;
          document.getElementById("job-done").hidden = job.phase !== "done";
          document.getElementById("job-failed").hidden = job.phase !== "failed";
        });
    }, 400);
  }

  document.addEventListener("DOMContentLoaded", function () {
    restoreFocus();
    setUpCopy();
    setUpUpload();
    setUpJob();
  });
})();
