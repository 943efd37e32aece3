// Reload the ward list when the province changes (the server validates the pair anyway).
(function () {
  var box = document.getElementById('address-fields');
  if (!box) return;
  var province = box.querySelector('select[name="province_code"]');
  var ward = box.querySelector('select[name="ward_code"]');
  province.addEventListener('change', function () {
    var placeholder = ward.options.length ? ward.options[0].text : '';
    fetch(box.dataset.wardsUrl + '?province=' + encodeURIComponent(province.value))
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (items) {
        ward.innerHTML = '';
        ward.add(new Option(placeholder, ''));
        items.forEach(function (w) { ward.add(new Option(w.name, w.code)); });
      });
  });
})();
