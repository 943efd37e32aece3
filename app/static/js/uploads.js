// A file over its field's limit (data-max-bytes) is taken out of the form as soon as it is
// chosen, with the field's message (data-too-large): sent, it could make the whole request too
// large for the server (413), and everything typed on the page would be lost with it.
document.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
  input.addEventListener("change", function () {
    var limit = Number(input.dataset.maxBytes);
    var tooLarge = Array.prototype.some.call(input.files, function (file) { return file.size > limit; });
    var note = input.parentNode.querySelector(".js-too-large");
    if (!note) {
      note = document.createElement("div");
      note.className = "invalid-feedback d-block js-too-large";
      input.insertAdjacentElement("afterend", note);
    }
    note.textContent = tooLarge ? input.dataset.tooLarge : "";
    input.classList.toggle("is-invalid", tooLarge);
    if (tooLarge) input.value = "";
  });
});
