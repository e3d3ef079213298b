// Postal batch page: polls the batch's progress while it is generated, then reloads to show the download.
(function () {
    var card = document.getElementById('batch-progress');
    if (!card || card.dataset.ready === 'true') return;
    var timer = setInterval(function () {
        fetch(card.dataset.progressUrl, { credentials: 'same-origin' }).then(function (r) { return r.json(); }).then(function (d) {
            card.querySelector('progress').value = d.progressPercent;
            card.querySelector('[data-field=generated]').textContent = d.generated.toLocaleString();
            card.querySelector('[data-field=percent]').textContent = d.progressPercent;
            if (d.ready) { clearInterval(timer); location.reload(); }
        }).catch(function () { });
    }, 1000);
})();
