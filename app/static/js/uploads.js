// The browser's own "Choose File" and "No file chosen" follow the browser's language (often
// English on office PCs) and cannot be translated: each file input gets the page's own button
// text (data-file-choose on <body>) and shows the chosen file's name. The input stays in the page,
// transparent over the button, so a click, the keyboard and screen readers still reach it (with
// its own label); without JavaScript the browser's control is shown as it is.
var fileTexts = document.body.dataset;
document.querySelectorAll("input[type=file]").forEach(function (input) {
  var picker = document.createElement("div");
  var button = document.createElement("span");
  var name = document.createElement("span");
  picker.className = "file-picker";
  button.className = "btn btn-outline-secondary file-picker-button";
  button.setAttribute("aria-hidden", "true");
  button.textContent = fileTexts.fileChoose;
  name.className = "file-picker-name";
  input.parentNode.insertBefore(picker, input);
  picker.append(input, button, name);
  input.classList.add("file-picker-input");
  function showName() {
    var names = Array.prototype.map.call(input.files, function (file) { return file.name; });
    name.textContent = names.length ? names.join(", ") : fileTexts.fileNone;
  }
  input.addEventListener("change", showName);
  showName();
});

// A file over its field's limit (data-max-bytes) is taken out of the form as soon as it is
// chosen, with the field's message (data-too-large): sent, it could make the whole request too
// large for the server (413), and everything typed on the page would be lost with it.
document.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
  input.addEventListener("change", function () {
    var limit = Number(input.dataset.maxBytes);
    var tooLarge = Array.prototype.some.call(input.files, function (file) { return file.size > limit; });
    var holder = input.closest(".file-picker") || input;
    var note = holder.parentNode.querySelector(".js-too-large");
    if (!note) {
      note = document.createElement("div");
      note.className = "invalid-feedback d-block js-too-large";
      holder.insertAdjacentElement("afterend", note);
    }
    note.textContent = tooLarge ? input.dataset.tooLarge : "";
    input.classList.toggle("is-invalid", tooLarge);
    if (tooLarge) input.value = "";
  });
});
