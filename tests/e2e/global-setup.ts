/**
 * End-to-end setup: build the app with Vite into a temporary folder, serve it with `vite preview`
 * on a free localhost port, and tell the tests where (and which Chromium to use).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, preview } from 'vite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    chromium: string;
  }
}

const root = resolve(import.meta.dirname, '../..');

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const chromium = process.env.PLACEWISE_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) {
    throw new Error(
      `Chromium was not found at ${chromium}: run scripts/ensure-chromium.sh (or set PLACEWISE_CHROMIUM).`,
    );
  }
  const outDir = await mkdtemp(join(tmpdir(), 'placewise-e2e-'));
  await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true, sourcemap: false } });
  const port = await freePort();
  const server = await preview({
    root,
    logLevel: 'warn',
    build: { outDir },
    preview: { port, strictPort: true, host: '127.0.0.1', open: false },
  });
  project.provide('baseUrl', `http://127.0.0.1:${port}/`);
  project.provide('chromium', chromium);
  return async () => {
    await server.close();
    await rm(outDir, { recursive: true, force: true });
  };
}
