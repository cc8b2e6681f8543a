// Save the assessment as a draft in the background while it is being filled in,
// so that an interrupted interview (a timed-out session, a lost connection, a
// closed tab) loses at most the last half minute. Without JavaScript the
// "Save draft" button does the same job by hand.
const INTERVAL_MS = 30_000;

const button = document.querySelector("[data-risk-draft-button]");
const form = button ? button.form : null;
const status = document.getElementById("risk-draft-status");

if (form && status) {
  let dirty = false;
  let saving = false;
  let stopped = false;

  const markDirty = () => {
    dirty = true;
  };
  form.addEventListener("input", markDirty);
  form.addEventListener("change", markDirty);
  // Once the form is being submitted, a late background save must not bring the draft back.
  form.addEventListener("submit", () => {
    stopped = true;
  });

  const save = async () => {
    if (!dirty || saving || stopped) return;
    saving = true;
    dirty = false;
    const data = new FormData(form);
    data.set("action", "draft");
    try {
      const response = await fetch(window.location.pathname, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-Safeplan-Autosave": "1", Accept: "application/json" },
        // A redirect means the session has ended: the sign-in page is no draft.
        redirect: "error",
      });
      if (!response.ok) throw new Error(String(response.status));
      const body = await response.json();
      status.textContent = `${status.dataset.savedText} ${body.saved_at}`;
    } catch {
      dirty = true;
      status.textContent = status.dataset.failedText;
    } finally {
      saving = false;
    }
  };

  window.setInterval(save, INTERVAL_MS);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") save();
  });
}
