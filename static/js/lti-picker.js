// The LTI picker: a ready-made view fills in the address, and the preview follows the fields.
(function () {
  "use strict";
  const form = document.querySelector(".lti-picker-form");
  const preview = document.getElementById("preview");
  const preset = document.getElementById("preset");
  const address = document.getElementById("url");
  let timer = 0;

  function update() {
    const params = new URLSearchParams({
      url: address.value,
      chart: form.elements.chart.value,
      theme: form.elements.theme.value,
    });
    const src = form.dataset.preview + "?" + params.toString();
    if (preview.getAttribute("src") !== src) preview.setAttribute("src", src);
  }

  function soon() {
    clearTimeout(timer);
    timer = setTimeout(update, 300);
  }

  preset.addEventListener("change", function () {
    if (!preset.value) return;
    address.value = preset.value;
    form.elements.chart.value = "";
    update();
  });
  address.addEventListener("input", soon);
  form.addEventListener("change", function (event) {
    if (event.target !== preset) update();
  });
})();
