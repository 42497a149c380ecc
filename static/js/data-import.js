// Pasted or loaded data for the model and batches explorers: two columns (x, then y), separated
// by commas, tabs, semicolons or spaces, with an optional header line. The rows are read here, in
// the browser, into the x and y text fields, so the page's URL stays its whole state; a bad row is
// named by its line and column. Nothing is uploaded: the fields are what the form sends.
(function () {
  "use strict";

  var NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
  var MAX_FILE_BYTES = 1 << 20;
  var box = document.getElementById("data-import");
  if (!box) return;
  var xInput = document.getElementById("input-x");
  var yInput = document.getElementById("input-y");
  var text = document.getElementById("input-paste");
  var file = document.getElementById("input-file");
  var message = document.getElementById("error-paste");
  var maxRows = Number(box.getAttribute("data-max-rows"));
  box.hidden = false;  // built for script: without it the text fields are the whole interface

  function cells(line) {
    // Each cell with the 1-based column where it starts, quotes around it removed.
    var separator = /\t/.test(line) ? /\t/ : /[,;]/.test(line) ? /[,;]/ : /\s+/;
    var found = [], column = 1;
    line.split(separator).forEach(function (raw, index, all) {
      var lead = raw.length - raw.replace(/^\s+/, "").length;
      var value = raw.trim().replace(/^"(.*)"$/, "$1");
      if (value !== "" || (index < all.length - 1 && separator.source !== "\\s+")) {
        found.push({ value: value, column: column + lead });
      }
      column += raw.length + 1;
    });
    return found;
  }

  function read(source) {
    // {xs, ys} or {error}: every row two numbers; only the first non-blank line may be a header.
    var xs = [], ys = [], seenRow = false;
    var lines = source.split(/\r\n|\r|\n/);
    for (var i = 0; i < lines.length; i++) {
      if (!lines[i].trim()) continue;
      var row = cells(lines[i]), where = "line " + (i + 1);
      var numeric = row.length === 2 && NUMBER.test(row[0].value) && NUMBER.test(row[1].value);
      if (!seenRow && !numeric && row.length === 2 && !NUMBER.test(row[0].value)) {
        seenRow = true;  // a header such as "x,y": skipped
        continue;
      }
      seenRow = true;
      if (row.length !== 2) {
        var past = row[2] || row[row.length - 1] || { column: 1 };
        return { error: where + ", column " + past.column + ": expected two numbers (x, then y), found " + row.length };
      }
      for (var k = 0; k < 2; k++) {
        if (!NUMBER.test(row[k].value)) {
          return { error: where + ", column " + row[k].column + ": '" + row[k].value.slice(0, 20) + "' is not a number" };
        }
      }
      xs.push(row[0].value);
      ys.push(row[1].value);
      if (xs.length > maxRows) return { error: "more than " + maxRows + " rows; the limit is " + maxRows };
    }
    if (!xs.length) return { error: "no rows with two numbers were found" };
    return { xs: xs, ys: ys };
  }

  function use(source) {
    var result = read(source);
    if (result.error) {
      message.textContent = result.error;
      text.setAttribute("aria-invalid", "true");
      return;
    }
    text.removeAttribute("aria-invalid");
    message.textContent = "";
    xInput.value = result.xs.join(", ");
    yInput.value = result.ys.join(", ");
    document.getElementById("paste-status").textContent = "Read " + result.xs.length + " points.";
    xInput.form.dispatchEvent(new Event("gl:filled"));
    xInput.dispatchEvent(new Event("input", { bubbles: true }));
  }

  // Typing in the box is not an edit of the computation: only "Use these points" is.
  ["input", "change"].forEach(function (name) {
    text.addEventListener(name, function (event) { event.stopPropagation(); });
    file.addEventListener(name, function (event) { event.stopPropagation(); });
  });
  document.getElementById("use-pasted").addEventListener("click", function () { use(text.value); });
  file.addEventListener("change", function () {
    var chosen = file.files && file.files[0];
    if (!chosen) return;
    if (chosen.size > MAX_FILE_BYTES) {
      message.textContent = chosen.name + " is larger than 1 MB";
      return;
    }
    var reader = new FileReader();
    reader.onload = function () { text.value = String(reader.result); use(text.value); };
    reader.onerror = function () { message.textContent = "could not read " + chosen.name; };
    reader.readAsText(chosen);
  });
})();
