// Bundles the dashboard into the server's static assets (../wwwroot): app.js, app.css, index.html.
import { build } from "esbuild";
import { copyFile, mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const dashboardDirectory = dirname(fileURLToPath(import.meta.url));
const output = join(dashboardDirectory, "..", "wwwroot");
await mkdir(output, { recursive: true });
await build({
  entryPoints: { app: join(dashboardDirectory, "src", "app.js") },
  bundle: true,
  minify: true,
  sourcemap: false,
  format: "iife",
  target: ["chrome120", "firefox120", "safari17"],
  outdir: output,
  logLevel: "warning",
});
await copyFile(join(dashboardDirectory, "src", "index.html"), join(output, "index.html"));
