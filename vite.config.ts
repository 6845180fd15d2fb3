import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

/**
 * Which engine a build runs: a hash of the engine's and the workers' sources and of the locked
 * dependencies. A run's results are kept in the browser for the next visit (web/storage/keptRuns.ts)
 * under it, so a build that could give other numbers never shows the numbers of the one before.
 */
function engineBuild(): string {
  const root = fileURLToPath(new URL('.', import.meta.url));
  const hash = createHash('sha256');
  const add = (path: string) => {
    hash.update(path);
    hash.update(readFileSync(join(root, path)));
  };
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) add(path);
    }
  };
  walk('src');
  walk('workers');
  add('package-lock.json');
  return hash.digest('hex').slice(0, 16);
}

/**
 * The built app may talk to nobody but its own origin: a Content-Security-Policy enforces "no
 * data leaves the page". It is sent as a response header on every file (docs/HOSTING.md has the
 * same header for nginx, Apache and IIS): a meta tag covers the page only, and a worker takes its
 * policy from its own script's response, so with the tag alone a worker could fetch anywhere.
 * The tag stays in the built page as a second line for hosts that send no header.
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** The dev server's hot reload talks over a WebSocket to the same host. */
const DEV_CSP = CSP.replace("connect-src 'self'", "connect-src 'self' ws://127.0.0.1:* ws://localhost:*");

/** Sent with every response of `vite preview` and the dev server. */
const SECURITY_HEADERS = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

function contentSecurityPolicy(): Plugin {
  return {
    name: 'placewise-csp',
    apply: 'build',
    transformIndexHtml(html) {
      return html.replace(
        '<meta charset="utf-8" />',
        `<meta charset="utf-8" />\n    <meta http-equiv="Content-Security-Policy" content="${CSP}" />`,
      );
    },
  };
}

export default defineConfig(({ command }) => ({
  plugins: [contentSecurityPolicy()],
  base: './',
  // Only a build says which engine it runs: the dev server's engine changes as its files are
  // edited, so nothing it runs is kept for a later visit (web/storage/keptRuns.ts).
  define: command === 'build' ? { 'import.meta.env.PLACEWISE_ENGINE_BUILD': JSON.stringify(engineBuild()) } : {},
  build: {
    outDir: 'dist',
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
  worker: {
    format: 'es',
  },
  preview: {
    host: '127.0.0.1',
    headers: SECURITY_HEADERS,
  },
  server: {
    host: '127.0.0.1',
    headers: { ...SECURITY_HEADERS, 'Content-Security-Policy': DEV_CSP },
  },
}));
