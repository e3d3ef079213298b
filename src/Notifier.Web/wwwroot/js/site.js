// Progressive enhancement only: every page works without JavaScript.
document.addEventListener("submit", (e) => {
    const button = e.submitter;
    const message = button && button.dataset.confirm;
    if (message && !window.confirm(message)) {
        e.preventDefault();
    }
});

// Live countdowns. The server renders the text and its own "now" (data-now on <body>); the page keeps ticking from
// the offset between that instant and the browser's clock, so a wrong PC clock cannot move a legal deadline.
(() => {
    const body = document.body;
    const serverNow = Date.parse(body.dataset.now || "");
    if (isNaN(serverNow)) {
        return;
    }
    const skew = serverNow - Date.now();
    const english = document.documentElement.lang === "en";
    const format = (ms) => {
        const total = Math.floor(Math.abs(ms) / 60000);
        const d = Math.floor(total / 1440), h = Math.floor(total / 60) % 24, m = total % 60;
        const span = d > 0 ? `${d} ${english ? "d" : "j"} ${h} h` : h > 0 ? `${h} h ${String(m).padStart(2, "0")}` : `${m} min`;
        return ms >= 0 ? (english ? `in ${span}` : `dans ${span}`) : (english ? `${span} late` : `en retard de ${span}`);
    };
    const tick = () => {
        const now = Date.now() + skew;
        document.querySelectorAll("[data-due]").forEach((el) => {
            el.textContent = format(Date.parse(el.dataset.due) - now);
        });
    };
    tick();
    setInterval(tick, 30000);
})();
