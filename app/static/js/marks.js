// Mark step: check the sign as it is typed (debounced) against /marks/check.json and show the
// findings in the aria-live region; the saved step shows the same findings without JavaScript.
(function () {
  var box = document.getElementById('mark-check');
  var input = document.getElementById('wording');
  if (!box || !input) return;
  var list = box.querySelector('[data-mark-live]');
  var timer = null, latest = 0;

  function line(tag, cls, text) {
    var el = document.createElement(tag);
    if (cls) el.className = cls;
    el.textContent = text;
    return el;
  }

  var BADGES = { high: 'badge text-bg-danger', medium: 'badge text-bg-warning', low: 'badge text-bg-secondary' };

  function show(findings) {
    list.innerHTML = '';
    if (!findings.length) {
      list.appendChild(line('p', 'mb-2', box.dataset.nothing));
      return;
    }
    findings.forEach(function (f) {
      var card = line('div', 'card mb-2 mark-finding mark-risk-' + f.risk, '');
      var body = line('div', 'card-body py-2', '');
      var head = line('p', 'mb-1', '');
      head.appendChild(line('span', BADGES[f.risk], box.dataset.riskLabel + ': ' + f.risk_title));
      head.appendChild(document.createTextNode(' '));
      head.appendChild(line('strong', '', f.term));
      if (f.number) head.appendChild(line('span', 'text-muted', ' · ' + f.number));
      body.appendChild(head);
      body.appendChild(line('p', 'mb-1', f.reason));
      if (f.scores) {
        var s = f.scores, parts = [box.dataset.spelling + ': ' + s.spelling, box.dataset.sound + ': ' + s.sound];
        if (s.image !== null) parts.push(box.dataset.image + ': ' + s.image);
        parts.push(box.dataset.goods + ': ' + s.goods);
        body.appendChild(line('p', 'small mb-1', parts.join(' · ')));
      }
      body.appendChild(line('p', 'small mb-1', box.dataset.groundLabel + ': ' + f.ground));
      body.appendChild(line('p', 'small mb-0', box.dataset.adviceLabel + ': ' + f.advice));
      card.appendChild(body);
      list.appendChild(card);
    });
  }

  function check() {
    var text = input.value.trim();
    var asked = ++latest;
    if (!text) { list.innerHTML = ''; return; }
    var url = box.dataset.url + '?text=' + encodeURIComponent(text) + '&classes=' +
      encodeURIComponent(box.dataset.classes) + '&case=' + encodeURIComponent(box.dataset.case) +
      (box.dataset.image ? '&image=' + encodeURIComponent(box.dataset.image) : '');
    fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) { if (body && asked === latest) show(body.findings); })
      .catch(function () { /* offline: the check runs again when the step is saved */ });
  }

  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(check, 400);
  });
})();
