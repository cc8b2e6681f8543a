// Runs before the page is shown (a classic script in <head>): an open space shows itself only
// in the browser tab it was opened in.
//
// The first page after the space opens writes a token into the tab's window.name, which
// lives exactly as long as the tab: a browser that restarts restores the tab's address, its
// cookies and its sessionStorage, but not its name. Every later page of the open space checks
// the token; when it is missing (a restored tab, a copied link, a new tab) the page is hidden,
// stops loading and goes to the lock page, which locks the space.
(function () {
  "use strict";
  var script = document.currentScript;
  var tab = script.getAttribute("data-tab");
  if (!tab) {
    return; // no space is open, or the page shows nothing of it (the quick exit clears the name)
  }
  var name = "sp-" + tab;
  if (script.getAttribute("data-fresh") === "1") {
    window.name = name;
    return;
  }
  if (window.name !== name) {
    document.documentElement.className += " sp-guarded";
    window.stop();
    window.location.replace(script.getAttribute("data-lock-url"));
  }
})();
