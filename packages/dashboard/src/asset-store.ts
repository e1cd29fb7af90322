// The built dashboard in memory: each file once as-is and once gzipped, with its ETag. Served
// from memory because the gateway's HTTP hook is synchronous and the whole app is a few KB.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

/** The build's list of files (written by scripts/build-app.mjs next to them). */
export const DASHBOARD_MANIFEST_FILE = "manifest.json";

/** One servable file. */
export interface DashboardAsset {
  /** URL path, e.g. `/` or `/assets/app-3F2A1B.js`. */
  path: string;
  contentType: string;
  body: Uint8Array;
  gzip: Uint8Array;
  etag: string;
  /** Hashed name: safe to cache forever. */
  immutable: boolean;
}

/** What the build writes: file names relative to the app dir, with their gzip copy and ETag. */
export interface DashboardManifest {
  index: string;
  assets: string[];
  /** Precomputed per file; a file missing here is compressed and hashed at load time. */
  files?: Record<string, { gzip: string; etag: string }>;
}

const CONTENT_TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  svg: "image/svg+xml",
  png: "image/png",
};

/** Content type by file extension; unknown ones are served as bytes. */
export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[file.slice(file.lastIndexOf(".") + 1).toLowerCase()] ?? "application/octet-stream";
}

/** Builds one asset from its bytes (pure apart from hashing and gzip). */
export function makeAsset(path: string, file: string, body: Uint8Array, immutable: boolean): DashboardAsset {
  const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"`;
  return { path, contentType: contentTypeOf(file), body, gzip: gzipSync(body, { level: 9 }), etag, immutable };
}

/** Reads one file and its precomputed gzip copy and ETag (or makes them when the build did not). */
function readAsset(appDir: string, manifest: DashboardManifest, path: string, file: string, immutable: boolean): DashboardAsset {
  const body = readFileSync(join(appDir, file));
  const pre = manifest.files?.[file];
  if (!pre) return makeAsset(path, file, body, immutable);
  return { path, contentType: contentTypeOf(file), body, gzip: readFileSync(join(appDir, pre.gzip)), etag: pre.etag, immutable };
}

/** Reads a built app dir (its manifest and files) into a path → asset map; throws naming the missing file. */
export function loadAssets(appDir: string): Map<string, DashboardAsset> {
  let manifest: DashboardManifest;
  try {
    manifest = JSON.parse(readFileSync(join(appDir, DASHBOARD_MANIFEST_FILE), "utf8")) as DashboardManifest;
  } catch (error) {
    throw new Error(
      `dashboard assets not built: cannot read ${join(appDir, DASHBOARD_MANIFEST_FILE)} (${(error as Error).message}); run the @clawd/dashboard build`,
    );
  }
  const assets = new Map<string, DashboardAsset>();
  const index = readAsset(appDir, manifest, "/", manifest.index, false);
  assets.set("/", index);
  assets.set("/index.html", index);
  for (const file of manifest.assets) {
    const path = `/${file}`;
    assets.set(path, readAsset(appDir, manifest, path, file, true));
  }
  return assets;
}
