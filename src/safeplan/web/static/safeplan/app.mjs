// Start GOV.UK Frontend's components. This replaces the inline snippet in
// GOV.UK's page template, which our Content-Security-Policy forbids.
import { initAll } from "./govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
import { watchIdleTime } from "./idle.mjs";

watchIdleTime(document);
