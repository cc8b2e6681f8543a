// Quick exit, auto-lock and unsaved writing for the survivor space.
//
// Every way out (the Exit this page button, Shift pressed three times, Escape) ends the
// server session with a beacon to the exit endpoint and REPLACES the current history entry
// with the neutral site, so Back does not return to this page. Without JavaScript the button
// is a plain link to the exit endpoint, which ends the session and redirects.
//
// Nothing she is writing is lost on the way: a form she has changed (one with a hidden
// "_form" field) is sent with the exit beacon, or with the lock, and kept sealed in her
// space as a draft that its page shows again. An Escape pressed while an input method is
// composing text belongs to the input method, not to the exit.
//
// While a space is open, typing, tapping or scrolling keeps it open (the server is told at
// most once every PING seconds); a warning with a way to stay comes before it locks itself.
import { ExitThisPage } from "../safeplan/govuk-frontend.min.js";

const root = document.querySelector("[data-sp-exit]");
const config = document.getElementById("sp-space");
const endpoint = root ? root.querySelector("a").href : "/s/exit/";
const neutral = root && root.dataset.exitUrl ? root.dataset.exitUrl : endpoint;
const spaceOpen = Boolean(config && config.dataset.autolock);

// Forms she has typed into since the page loaded (or since she last saved them).
const changed = new Set();

function draftable(form) {
  return form instanceof HTMLFormElement && form.querySelector("input[name=_form]") !== null;
}

document.addEventListener(
  "input",
  (event) => {
    const form = event.target && event.target.form;
    if (draftable(form)) {
      changed.add(form);
    }
  },
  true,
);

document.addEventListener(
  "submit",
  (event) => {
    changed.delete(event.target);
  },
  true,
);

// The writing of a changed form, without files (a draft keeps words, not photos), or null.
function draft() {
  for (const form of changed) {
    if (!form.isConnected) {
      continue;
    }
    const data = new FormData(form);
    for (const [name, value] of [...data.entries()]) {
      if (value instanceof File) {
        data.delete(name);
      }
    }
    return data;
  }
  return null;
}

function leave() {
  document.body.classList.add("govuk-exit-this-page-hide-content");
  let sent = false;
  try {
    const data = draft();
    sent = data ? navigator.sendBeacon(endpoint, data) : navigator.sendBeacon(endpoint);
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
  // keyCode 229: a key the input method is handling (some keyboards do not set isComposing).
  const composing = event.isComposing || event.keyCode === 229;
  if ((event.key === "Escape" || event.key === "Esc") && !composing) {
    event.preventDefault();
    leave();
  }
});

window.addEventListener("pageshow", (event) => {
  if (event.persisted) {
    leave();
  }
});

function startAutolock() {
  const seconds = Number(config.dataset.autolock);
  if (!(seconds > 0)) {
    return;
  }
  const lockUrl = config.dataset.lockUrl;
  const keepUrl = config.dataset.keepUrl;
  const warning = document.getElementById("sp-timeout");
  // Warn a minute before (less when the limit is very short), and tell the server about
  // activity at most every PING milliseconds.
  const warnBefore = Math.min(60, Math.floor(seconds / 3)) * 1000;
  const PING = Math.min(60, seconds / 4) * 1000;
  let deadline = Date.now() + seconds * 1000;
  let lastPing = Date.now();
  let activeSincePing = false;
  let trailing = null;
  let locking = false;

  function lockNow() {
    if (locking) {
      return;
    }
    locking = true;
    const data = draft();
    if (!data) {
      window.location.replace(lockUrl);
      return;
    }
    // Keep the writing first (the server still holds the key), then show the locked page.
    fetch(lockUrl, { method: "POST", body: data, credentials: "same-origin", redirect: "manual", keepalive: true })
      .catch(() => null)
      .finally(() => window.location.replace(lockUrl));
  }

  function ping(active) {
    lastPing = Date.now();
    activeSincePing = false;
    const body = new FormData();
    body.append("csrfmiddlewaretoken", config.dataset.csrf || "");
    if (active) {
      body.append("active", "1");
    }
    return fetch(keepUrl, { method: "POST", body, credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : null))
      .then((state) => {
        if (!state) {
          return;
        }
        if (!state.open) {
          lockNow();
          return;
        }
        deadline = Date.now() + state.left * 1000;
        if (deadline - Date.now() > warnBefore && warning && warning.open) {
          warning.close();
        }
      })
      .catch(() => null);
  }

  function activity() {
    if (locking || (warning && warning.open)) {
      return;
    }
    const since = Date.now() - lastPing;
    if (since >= PING) {
      ping(true);
    } else {
      activeSincePing = true;
      if (trailing === null) {
        trailing = window.setTimeout(() => {
          trailing = null;
          if (activeSincePing) {
            ping(true);
          }
        }, PING - since);
      }
    }
  }

  for (const type of ["keydown", "input", "pointerdown", "touchstart", "scroll", "wheel"]) {
    window.addEventListener(type, activity, { capture: true, passive: true });
  }

  if (warning) {
    warning.querySelector("[data-sp-stay]").addEventListener("click", () => {
      ping(true).then(() => warning.open && warning.close());
    });
  }

  window.setInterval(() => {
    const left = deadline - Date.now();
    if (left <= 0) {
      lockNow();
    } else if (left <= warnBefore && warning && !warning.open) {
      warning.showModal();
    }
  }, 500);
}

if (spaceOpen) {
  startAutolock();
}
