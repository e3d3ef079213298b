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

// Live import progress: polls the run's JSON while the job runs, then reloads once for the final counts and errors.
(() => {
    const box = document.getElementById("import-progress");
    if (!box || box.dataset.finished === "true") {
        return;
    }
    const english = document.documentElement.lang === "en";
    const number = (n) => n == null ? "—" : Math.round(n).toLocaleString(english ? "en-GB" : "fr-FR");
    const set = (name, text) => {
        const el = box.querySelector(`[data-field="${name}"]`);
        if (el) {
            el.textContent = text;
        }
    };
    const poll = async () => {
        try {
            const response = await fetch(box.dataset.progressUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" });
            if (!response.ok) {
                return;
            }
            const p = await response.json();
            box.querySelector("progress").value = p.percent;
            set("rows", number(p.rowsRead));
            set("total", number(p.rowsTotal));
            set("percent", p.percent.toLocaleString(english ? "en-GB" : "fr-FR", { minimumFractionDigits: 1, maximumFractionDigits: 1 }));
            set("rate", number(p.rowsPerSecond));
            set("left", p.secondsLeft == null ? "—" : `${number(p.secondsLeft)} s`);
            if (p.finished) {
                window.location.reload();
                return;
            }
        } catch {
            // A missed poll is retried at the next tick.
        }
        setTimeout(poll, 1000);
    };
    setTimeout(poll, 1000);
})();

// Copy buttons of the dossier's copy-paste view: the value goes to the clipboard, the button says so for a moment.
document.addEventListener("click", async (e) => {
    const button = e.target.closest("button[data-copy]");
    if (!button) {
        return;
    }
    const english = document.documentElement.lang === "en";
    const label = button.textContent;
    try {
        await navigator.clipboard.writeText(button.dataset.copy);
        button.textContent = english ? "Copied" : "Copié";
    } catch {
        const range = document.createRange();
        range.selectNodeContents(button.previousElementSibling);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        button.textContent = english ? "Selected: Ctrl+C" : "Sélectionné : Ctrl+C";
    }
    button.classList.add("copied");
    setTimeout(() => { button.textContent = label; button.classList.remove("copied"); }, 1500);
});
