// Progressive enhancement only: every page works without JavaScript.
document.addEventListener("submit", (e) => {
    const button = e.submitter;
    const message = button && button.dataset.confirm;
    if (message && !window.confirm(message)) {
        e.preventDefault();
    }
});
