// Builds the browser app into dist/app: one hashed script and stylesheet (long-cache names),
// an index.html that names them (no inline code, so the CSP can forbid it), and manifest.json
// for the route. Runs after tsup (whose clean step would otherwise delete it).
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outDir = join(root, "dist", "app");
rmSync(outDir, { recursive: true, force: true });
mkdirSync(join(outDir, "assets"), { recursive: true });

// The client loads `ws` only where no global WebSocket exists; browsers always have one.
const noWsInBrowsers = {
  name: "no-ws-in-browsers",
  setup(b) {
    b.onResolve({ filter: /^ws$/ }, () => ({ path: "ws", namespace: "no-ws" }));
    b.onLoad({ filter: /.*/, namespace: "no-ws" }, () => ({ contents: "export default undefined;", loader: "js" }));
  },
};

const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));

const result = await build({
  // The page reports its own version in connect (client.version), as every client does.
  define: { __DASHBOARD_VERSION__: JSON.stringify(version) },
  entryPoints: { app: join(root, "app", "main.tsx") },
  bundle: true,
  minify: true,
  format: "esm",
  target: ["es2020", "chrome100", "firefox100", "safari15"],
  platform: "browser",
  jsx: "automatic",
  jsxImportSource: "preact",
  outdir: join(outDir, "assets"),
  entryNames: "[name]-[hash]",
  assetNames: "[name]-[hash]",
  metafile: true,
  legalComments: "none",
  plugins: [noWsInBrowsers],
  logLevel: "warning",
});

const outputs = Object.keys(result.metafile.outputs).map((p) => relative(outDir, join(process.cwd(), p)).split("\\").join("/"));
const script = outputs.find((p) => p.endsWith(".js"));
const style = outputs.find((p) => p.endsWith(".css"));
if (!script || !style) throw new Error(`dashboard build: expected one .js and one .css output, got ${outputs.join(", ")}`);

const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Clawd Gateway</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/${style}">
<script type="module" src="/${script}"></script>
</head>
<body>
<div id="app"></div>
<noscript>The Clawd dashboard needs JavaScript.</noscript>
</body>
</html>
`;
writeFileSync(join(outDir, "index.html"), html);
// Compressed and hashed here, once, so a gateway start only reads files (see asset-store.ts).
const files = {};
for (const file of ["index.html", script, style]) {
  const body = readFileSync(join(outDir, file));
  writeFileSync(join(outDir, `${file}.gz`), gzipSync(body, { level: 9 }));
  files[file] = { gzip: `${file}.gz`, etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"` };
}
writeFileSync(join(outDir, "manifest.json"), `${JSON.stringify({ index: "index.html", assets: [script, style], files }, null, 2)}\n`);
console.log(`dashboard app: ${basename(script)}, ${basename(style)}`);
