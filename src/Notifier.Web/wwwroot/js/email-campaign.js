// Email campaign page: live counts every two seconds while the campaign runs; reloads when its state changes.
(function () {
    var card = document.getElementById('campaign-progress');
    if (!card || card.dataset.active !== 'true') return;
    var state = document.getElementById('campaign-state').dataset.state;
    var set = function (name, value) { var e = card.querySelector('[data-field=' + name + ']'); if (e) e.textContent = value; };
    var timer = setInterval(function () {
        fetch(card.dataset.progressUrl, { credentials: 'same-origin' }).then(function (r) { return r.json(); }).then(function (d) {
            var n = d.counts;
            card.querySelector('progress').value = d.progressPercent;
            set('done', (n.sent + n.failed + n.bounced + n.cancelled).toLocaleString());
            set('percent', d.progressPercent);
            set('queued', (n.queued + n.sending).toLocaleString());
            set('sent', n.sent.toLocaleString());
            set('failed', n.failed.toLocaleString());
            set('bounced', n.bounced.toLocaleString());
            set('rate', Math.round(d.sentPerMinute).toLocaleString());
            set('eta', d.estimatedEnd || '—'); // formatted by the server in the laboratory's zone
            if (d.state !== state) { clearInterval(timer); location.reload(); }
        }).catch(function () { });
    }, 2000);
})();
