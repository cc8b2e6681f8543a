// Quick exit, locking and unsaved writing for the survivor space.
//
// Every way out (the Exit this page button, Shift pressed three times, Escape) ends the
// server session with a beacon to the exit endpoint and REPLACES the current history entry
// with the neutral site, so Back does not return to this page. Without JavaScript the button
// is a plain link to the exit endpoint, which ends the session and redirects. Back itself
// never leaves: a page brought back from the browser's back/forward cache is simply loaded
// again, and the server decides what it may show.
//
// Nothing she is writing is lost on the way: a form she has changed (one with a hidden
// "_form" field) is sent with the exit beacon, or with the lock, and kept sealed in her space
// as a draft that its page shows again. An Escape pressed while an input method is composing
// text belongs to the input method, not to the exit.
//
// While a space is open:
// - typing, tapping or scrolling keeps it open (the server is told at most every PING ms);
//   a warning with a way to stay comes before it locks itself;
// - it locks when the page is hidden (another app or tab, the screen off) or closed, unless
//   she chose otherwise in Settings; going to another page of the space is not leaving it;
// - a page leaves nothing of the space in the back/forward cache.
import { ExitThisPage } from "../safeplan/govuk-frontend.min.js";

const root = document.querySelector("[data-sp-exit]");
const config = document.getElementById("sp-space") || document.createElement("div");
const endpoint = root ? root.querySelector("a").href : "/s/x/";
const neutral = root && root.dataset.exitUrl ? root.dataset.exitUrl : endpoint;
const spaceRoot = config.dataset.root || "/s/";
const exitPath = new URL(endpoint, window.location.href).pathname;
const spaceOpen = Boolean(config.dataset.autolock);
const lockUrl = config.dataset.lockUrl;
const keepUrl = config.dataset.keepUrl;
const lockWhenHidden = config.dataset.lockHidden !== "0";

let leaving = false;
let locking = false;
let putAway = false;
let staying = false; // a page of the space is loading in this tab
let stayingTimer = null;
let downloading = false;
let picking = false; // the phone's file or camera picker is open

// Forms she has typed into since the page loaded (or since she last sent them).
const changed = new Set();

function draftable(form) {
  return form instanceof HTMLFormElement && form.querySelector("input[name=_form]") !== null;
}

function inside(url) {
  try {
    const target = new URL(url, window.location.href);
    return target.origin === window.location.origin && target.pathname.startsWith(spaceRoot) && target.pathname !== exitPath;
  } catch (error) {
    return false;
  }
}

function stay(going) {
  staying = going;
  window.clearTimeout(stayingTimer);
  if (going) {
    // A navigation that never happens (no network) must not keep the space from locking.
    stayingTimer = window.setTimeout(() => {
      staying = false;
    }, 60000);
  }
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
    if (event.target.hasAttribute("data-sp-download")) {
      // A download does not leave the page.
      downloading = true;
      window.setTimeout(() => {
        downloading = false;
      }, 1000);
    } else {
      stay(true);
    }
  },
  true,
);

document.addEventListener("click", (event) => {
  const link = event.target.closest ? event.target.closest("a[href]") : null;
  if (link && !event.defaultPrevented && inside(link.href) && !link.hasAttribute("download")) {
    stay(true);
  }
  if (event.target instanceof HTMLInputElement && event.target.type === "file") {
    picking = true;
  }
});

document.addEventListener(
  "change",
  (event) => {
    if (event.target instanceof HTMLInputElement && event.target.type === "file") {
      picking = false;
    }
  },
  true,
);
window.addEventListener("focus", () => {
  picking = false;
});

if ("navigation" in window) {
  // Links, forms, Back and Forward inside the page: where is this tab going?
  window.navigation.addEventListener("navigate", (event) => {
    if (!downloading) {
      stay(inside(event.destination.url));
    }
  });
}

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

function withToken(data) {
  const body = data || new FormData();
  if (!body.has("csrfmiddlewaretoken")) {
    body.append("csrfmiddlewaretoken", config.dataset.csrf || "");
  }
  return body;
}

function leave() {
  leaving = true;
  document.body.classList.add("govuk-exit-this-page-hide-content");
  window.name = "";
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

// The notes that second words open have no button (it would give the space away): Escape and
// their Close link still leave.
if (root && root.querySelector(".govuk-js-exit-this-page-button")) {
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

// Remove what the page shows of the space, so that nothing of it is kept or seen.
function clearPage() {
  document.documentElement.classList.add("sp-put-away");
  const main = document.querySelector("main");
  if (main) {
    main.replaceChildren();
  }
}

function lockNow() {
  if (locking || leaving) {
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

// The page is hidden or closed, and not because another page of the space is loading.
function pageGoesAway() {
  if (!spaceOpen || leaving || locking || putAway || staying || picking) {
    return;
  }
  if (lockWhenHidden) {
    putAway = true;
    const data = withToken(draft());
    data.append("away", "1");
    data.append("page", config.dataset.page || "0");
    navigator.sendBeacon(lockUrl, data);
    clearPage();
  } else {
    const data = draft();
    if (data) {
      navigator.sendBeacon(keepUrl, data);
    }
  }
}

window.addEventListener("pagehide", () => {
  pageGoesAway();
  if (spaceOpen && !leaving) {
    if (staying) {
      const data = draft();
      if (data) {
        navigator.sendBeacon(keepUrl, data);
      }
    }
    clearPage();
  }
});

window.addEventListener("pageshow", (event) => {
  stay(false);
  if (event.persisted && (spaceOpen || putAway)) {
    // Back or Forward to a page of the space: load it again, so the server decides what it shows.
    window.location.reload();
  }
});

function startAutolock() {
  const seconds = Number(config.dataset.autolock);
  const warning = document.getElementById("sp-timeout");
  // Warn a minute before (less when the limit is very short), and tell the server about
  // activity at most every PING milliseconds.
  const warnBefore = Math.min(60, Math.floor(seconds / 3)) * 1000;
  const PING = Math.min(60, seconds / 4) * 1000;
  let deadline = Date.now() + seconds * 1000;
  let lastPing = Date.now();
  let activeSincePing = false;
  let trailing = null;

  function ping(active) {
    lastPing = Date.now();
    activeSincePing = false;
    const body = withToken(null);
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

  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") {
      pageGoesAway();
    } else if (putAway) {
      window.location.replace(lockUrl);
    } else {
      ping(false); // it may have locked itself while she was away
    }
  });

  window.setInterval(() => {
    const left = deadline - Date.now();
    if (left <= 0) {
      lockNow();
    } else if (left <= warnBefore && warning && !warning.open) {
      warning.showModal();
    }
  }, 500);
}

if (spaceOpen && Number(config.dataset.autolock) > 0) {
  startAutolock();
}
