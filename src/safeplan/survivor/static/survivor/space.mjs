// Quick exit and auto-lock for the survivor space.
//
// Every way out (the Exit this page button, Shift pressed three times, Escape) ends the
// server session with a beacon to the exit endpoint and REPLACES the current history entry
// with the neutral site, so Back does not return to this page. A page restored from the
// back/forward cache leaves the same way. Without JavaScript the button is a plain link to
// the exit endpoint, which ends the session and redirects. When a space is open, the page goes to the lock
// page after the idle time the server also enforces.
import { ExitThisPage } from "../safeplan/govuk-frontend.min.js";

const root = document.querySelector("[data-sp-exit]");
const config = document.getElementById("sp-space");
const endpoint = root ? root.querySelector("a").href : "/s/exit/";
const neutral = root && root.dataset.exitUrl ? root.dataset.exitUrl : endpoint;

function leave() {
  document.body.classList.add("govuk-exit-this-page-hide-content");
  let sent = false;
  try {
    sent = navigator.sendBeacon(endpoint);
  } catch (error) {
    sent = false;
  }
  // If the beacon could not be queued, go through the endpoint itself: it ends the session too.
  window.location.replace(sent ? neutral : endpoint);
}

class ReplacingExitThisPage extends ExitThisPage {
  exitPage() {
    if (this.$updateSpan) {
      this.$updateSpan.textContent = "";
    }
    const overlay = document.createElement("div");
    overlay.className = "govuk-exit-this-page-overlay";
    overlay.setAttribute("role", "alert");
    overlay.textContent = this.i18n.t("activated");
    document.body.appendChild(overlay);
    leave();
  }
}

if (root) {
  new ReplacingExitThisPage(root);
}

document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" || event.key === "Esc") {
    event.preventDefault();
    leave();
  }
});

window.addEventListener("pageshow", (event) => {
  if (event.persisted) {
    leave();
  }
});

if (config && config.dataset.autolock) {
  const seconds = Number(config.dataset.autolock);
  if (seconds > 0) {
    window.setTimeout(() => window.location.replace(config.dataset.lockUrl), seconds * 1000);
  }
}
