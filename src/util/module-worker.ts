import { Worker } from 'node:worker_threads';

// Node only: kept out of util/index.ts, which the browser viewer bundles.

/**
 * The worker module next to `importMetaUrl` named `name`: under tsx / vitest the caller is TypeScript and
 * so is its worker; once built, both are .js.
 */
export function siblingWorkerUrl(importMetaUrl: string, name: string): URL {
  const ext = importMetaUrl.endsWith('.ts') ? 'ts' : 'js';
  return new URL(`./${name}.${ext}`, importMetaUrl);
}

/** A worker thread running the module at `url`, registering tsx's loader first when it is TypeScript. */
export function spawnModuleWorker(url: URL): Worker {
  if (!url.pathname.endsWith('.ts')) return new Worker(url);
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(boot, { eval: true });
}
