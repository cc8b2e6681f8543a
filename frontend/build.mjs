// Build safeplan's CSS and copy GOV.UK Frontend's JS into the Django static
// folder. Run with `make assets`; the output is committed so that running
// safeplan never needs Node.
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "src", "safeplan", "web", "static", "safeplan");
mkdirSync(out, { recursive: true });

const result = sass.compile(join(here, "src", "safeplan.scss"), {
  style: "compressed",
  importers: [new sass.NodePackageImporter()],
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "app.css"), result.css + "\n");

const dist = join(here, "node_modules", "govuk-frontend", "dist", "govuk");
copyFileSync(join(dist, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
console.log(`wrote ${out}/app.css (${result.css.length} bytes) and govuk-frontend.min.js`);
