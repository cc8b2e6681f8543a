// What happens after django-otp-webauthn's own scripts finish a passkey ceremony.
// Kept in a file of our own because the Content-Security-Policy allows no inline script.
const marker = document.getElementById("sp-passkey");

// A new passkey: go on to the page that shows the new backup codes, once.
document.addEventListener("otp_webauthn.register_complete", () => {
  const url = marker?.dataset.registeredUrl;
  if (url) window.location.assign(url);
});

// Too many failed attempts: the server has ended the session (429), so go back to signing in.
document.addEventListener("otp_webauthn.verification_failed", (event) => {
  const response = event.detail?.response;
  const url = marker?.dataset.signedOutUrl;
  if (url && response && response.status === 429) window.location.assign(url);
});
