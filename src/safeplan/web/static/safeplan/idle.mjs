// Staff idle warning (WCAG 2.2.1): before the server ends an idle session, say so and offer to stay.
// Typing, clicking or scrolling counts as activity and tells the server (at most once a minute), so an
// officer writing a long note is not signed out mid-sentence. The server's limit is the real one: this
// only warns and asks for more time; a form sent after the limit is kept by the server (accounts/keptform).

const PING_EVERY_MS = 60 * 1000;

export function watchIdleTime(doc) {
  const body = doc.body;
  const limitMs = Number(body.dataset.idleSeconds || 0) * 1000;
  const url = body.dataset.keepalive;
  const banner = doc.getElementById("sp-idle-warning");
  if (!limitMs || !url || !banner) return;
  const warnBeforeMs = Math.min(2 * 60 * 1000, limitMs / 3);
  let serverSeenAt = Date.now();
  let ended = false;

  const show = (state) => {
    banner.hidden = false;
    banner.querySelector('[data-idle-state="warning"]').hidden = state !== "warning";
    banner.querySelector('[data-idle-state="ended"]').hidden = state !== "ended";
    banner.querySelector("[data-idle-stay]").hidden = state !== "warning";
  };

  const ping = async () => {
    if (ended) return;
    try {
      const response = await fetch(url, { credentials: "same-origin", cache: "no-store", redirect: "manual" });
      if (response.status === 204) {
        serverSeenAt = Date.now();
        banner.hidden = true;
      }
    } catch {
      // Offline: the next activity tries again.
    }
  };

  banner.querySelector("[data-idle-stay]").addEventListener("click", ping);
  for (const kind of ["keydown", "input", "pointerdown", "scroll"]) {
    doc.addEventListener(
      kind,
      () => {
        if (!ended && Date.now() - serverSeenAt >= PING_EVERY_MS) ping();
      },
      { passive: true, capture: true },
    );
  }

  setInterval(() => {
    if (ended) return;
    const left = limitMs - (Date.now() - serverSeenAt);
    if (left <= 0) {
      ended = true;
      show("ended");
    } else if (left <= warnBeforeMs && banner.hidden) {
      show("warning");
      banner.querySelector("[data-idle-stay]").focus();
    }
  }, 1000);
}
