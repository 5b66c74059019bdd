// venue-hub console: CSRF token on every htmx request, charts drawn from data attributes
(function () {
  'use strict';

  function csrf() {
    var token = document.querySelector('meta[name="_csrf"]');
    var header = document.querySelector('meta[name="_csrf_header"]');
    return token && header && token.content ? { header: header.content, token: token.content } : null;
  }

  document.addEventListener('htmx:configRequest', function (event) {
    var c = csrf();
    if (c) {
      event.detail.headers[c.header] = c.token;
    }
  });

  // an htmx request that fails shows the hub's message in its target, not nothing
  document.addEventListener('htmx:responseError', function (event) {
    var target = event.detail.target;
    if (target) {
      var message = document.createElement('p');
      message.className = 'error';
      message.setAttribute('role', 'alert');
      message.textContent = 'The hub answered ' + event.detail.xhr.status + ': the request did not go through.';
      target.replaceChildren(message);
    }
  });

  var palette = ['#1f5fbf', '#1c7c3c', '#b3261e', '#a15c00', '#6b4fbb', '#0f7c8c', '#7a7f87'];

  // <canvas data-chart='{"type":"bar","labels":[...],"series":[{"label":"...","data":[...]}]}'>
  function draw(canvas) {
    if (canvas.dataset.drawn || typeof Chart === 'undefined') {
      return;
    }
    var spec = JSON.parse(canvas.dataset.chart);
    canvas.dataset.drawn = 'true';
    new Chart(canvas, {
      type: spec.type || 'bar',
      data: {
        labels: spec.labels,
        datasets: spec.series.map(function (s, i) {
          var color = s.color || palette[i % palette.length];
          return { label: s.label, data: s.data, backgroundColor: color, borderColor: color, fill: false,
            tension: 0.2, spanGaps: true, stack: spec.stacked ? 'all' : undefined };
        })
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        scales: spec.type === 'doughnut' ? {} : {
          x: { stacked: !!spec.stacked },
          y: { stacked: !!spec.stacked, beginAtZero: spec.min === undefined, min: spec.min, max: spec.max }
        }
      }
    });
  }

  function drawAll(root) {
    (root || document).querySelectorAll('canvas[data-chart]').forEach(draw);
  }

  document.addEventListener('DOMContentLoaded', function () { drawAll(document); });
  document.addEventListener('htmx:afterSettle', function (event) { drawAll(event.detail.elt); });
})();
