// Sizes computed on the server (a progress bar, a logo at its printed size in mm) come in
// data-width / data-height: the Content-Security-Policy forbids style attributes in the page,
// not styles set by a script of our own.
document.querySelectorAll("[data-width], [data-height]").forEach(function (element) {
  if (element.dataset.width) element.style.width = element.dataset.width;
  if (element.dataset.height) element.style.height = element.dataset.height;
});
