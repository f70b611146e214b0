// Drag and drop onto the upload form: the dropped files go into the form's own file
// input, so the upload is the same plain form post as choosing files by hand (and the
// page works without this script).
(function () {
  "use strict";
  const zone = document.querySelector("[data-dropzone]");
  if (!zone) return;
  const input = zone.querySelector('input[type="file"]');
  const list = zone.querySelector("[data-dropzone-files]");
  if (!input || !list) return;

  function show(files) {
    list.textContent = "";
    Array.from(files).forEach(function (file) {
      const item = document.createElement("li");
      item.textContent = file.name + " (" + Math.ceil(file.size / 1024) + " KB)";
      list.appendChild(item);
    });
  }

  ["dragenter", "dragover"].forEach(function (name) {
    zone.addEventListener(name, function (event) {
      event.preventDefault();
      zone.classList.add("dropzone-over");
    });
  });
  ["dragleave", "drop"].forEach(function (name) {
    zone.addEventListener(name, function () {
      zone.classList.remove("dropzone-over");
    });
  });
  zone.addEventListener("drop", function (event) {
    event.preventDefault();
    if (!event.dataTransfer || !event.dataTransfer.files.length) return;
    input.files = event.dataTransfer.files;
    show(input.files);
  });
  input.addEventListener("change", function () {
    show(input.files);
  });
})();
