// Goods step: count items per class as the user ticks and types, warn past the
// included number of items, and ask the server for the official fee estimate.
(function () {
  var box = document.getElementById('goods-summary');
  if (!box) return;
  var form = document.getElementById('step-form');
  var list = document.getElementById('class-counts');
  var warning = document.getElementById('over-six');
  var total = document.getElementById('fee-total');
  var timer = null;

  function counts() {
    var byClass = {};
    form.querySelectorAll('.term-option:checked').forEach(function (box) {
      var c = box.dataset['class'];
      byClass[c] = (byClass[c] || 0) + 1;
    });
    form.querySelectorAll('.free-term').forEach(function (row) {
      var inputs = row.querySelectorAll('input');
      var term = inputs[0].value.trim(), c = parseInt(inputs[1].value, 10);
      if (term && c >= 1 && c <= 45) byClass[c] = (byClass[c] || 0) + 1;
    });
    return byClass;
  }

  function refresh() {
    var byClass = counts();
    var classes = Object.keys(byClass).map(Number).sort(function (a, b) { return a - b; });
    list.innerHTML = '';
    var threshold = parseInt(box.dataset.threshold, 10) || Infinity;  // from the fee schedule
    var over = false;
    classes.forEach(function (c) {
      var li = document.createElement('li');
      li.textContent = box.dataset.classLabel + ' ' + c + ': ' + byClass[c];
      if (byClass[c] > threshold) { li.className = 'text-warning-emphasis fw-semibold'; over = true; }
      list.appendChild(li);
    });
    warning.classList.toggle('d-none', !over);
    clearTimeout(timer);
    timer = setTimeout(function () {
      var params = new URLSearchParams();
      classes.forEach(function (c) { params.append('items', c + ':' + byClass[c]); });
      fetch(box.dataset.feeUrl + '?' + params.toString(), {credentials: 'same-origin'})
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) { if (data) total.textContent = data.filing_total; });
    }, 250);
  }

  form.addEventListener('change', refresh);
  form.addEventListener('input', refresh);
  refresh();
})();
