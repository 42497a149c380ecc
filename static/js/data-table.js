// An editable table of the data points (x_i, y_i) for the model explorer, kept in step with the
// x and y text fields (which are what the form submits). Built by script; without JS the text
// fields are the whole interface.
(function () {
  "use strict";

  var MAX_ROWS = 60;
  var xInput = document.getElementById("input-x");
  var yInput = document.getElementById("input-y");
  var box = document.getElementById("data-table");
  if (!xInput || !yInput || !box) return;

  function split(text) { return text.split(/[\s,;]+/).filter(Boolean); }

  function syncFields() {
    var rows = box.querySelectorAll("tbody tr");
    var xs = [], ys = [];
    Array.prototype.forEach.call(rows, function (row) {
      var inputs = row.querySelectorAll("input");
      xs.push(inputs[0].value.trim());
      ys.push(inputs[1].value.trim());
    });
    xInput.value = xs.join(", ");
    yInput.value = ys.join(", ");
    xInput.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function cell(value, label) {
    var td = document.createElement("td");
    var input = document.createElement("input");
    input.type = "text";
    input.inputMode = "decimal";
    input.value = value;
    input.setAttribute("aria-label", label);
    input.addEventListener("input", function (event) { event.stopPropagation(); syncFields(); });
    td.appendChild(input);
    return td;
  }

  function row(x, y, index) {
    var tr = document.createElement("tr");
    tr.appendChild(cell(x, "x of point " + (index + 1)));
    tr.appendChild(cell(y, "y of point " + (index + 1)));
    var td = document.createElement("td");
    var remove = document.createElement("button");
    remove.type = "button";
    remove.className = "secondary";
    remove.textContent = "Remove";
    remove.setAttribute("aria-label", "Remove point " + (index + 1));
    remove.addEventListener("click", function () { tr.remove(); syncFields(); build(); });
    td.appendChild(remove);
    tr.appendChild(td);
    return tr;
  }

  function build() {
    var xs = split(xInput.value), ys = split(yInput.value);
    var count = Math.max(xs.length, ys.length);
    if (count > MAX_ROWS) { box.hidden = true; return; }
    var table = document.createElement("table");
    table.className = "data-table";
    var caption = document.createElement("caption");
    caption.textContent = "Data points";
    table.appendChild(caption);
    var head = table.createTHead().insertRow();
    ["x", "y", "Remove"].forEach(function (text, index) {
      var th = document.createElement("th");
      th.scope = "col";
      th.textContent = text;
      if (index === 2) th.className = "visually-hidden";
      head.appendChild(th);
    });
    var body = table.createTBody();
    for (var i = 0; i < count; i++) body.appendChild(row(xs[i] || "", ys[i] || "", i));
    var add = document.createElement("button");
    add.type = "button";
    add.className = "secondary";
    add.textContent = "Add a point";
    add.addEventListener("click", function () {
      body.appendChild(row("", "", body.rows.length));
      body.rows[body.rows.length - 1].querySelector("input").focus();
    });
    box.textContent = "";
    box.appendChild(table);
    box.appendChild(add);
    box.hidden = false;
  }

  function rebuildUnlessEditing() {
    if (!box.contains(document.activeElement)) build();
  }

  xInput.addEventListener("input", rebuildUnlessEditing);
  yInput.addEventListener("input", rebuildUnlessEditing);
  xInput.form.addEventListener("gl:filled", build);
  build();
})();
