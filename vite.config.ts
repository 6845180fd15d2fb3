import { defineConfig, type Plugin } from 'vite';

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

export default defineConfig({
  plugins: [contentSecurityPolicy()],
  base: './',
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
});
