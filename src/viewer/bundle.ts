import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ViewerError } from './errors.js';

/** The browser app's folder: `viewer/` at the repository root (from src/viewer or the built dist/viewer). */
export const VIEWER_DIR = fileURLToPath(new URL('../../viewer/', import.meta.url));
// The bundle also compiles this module's codecs and the shared error base.
const SOURCES = [
  VIEWER_DIR,
  fileURLToPath(new URL('.', import.meta.url)),
  fileURLToPath(new URL('../util/', import.meta.url)),
];

export const BUNDLE_PATH = join(VIEWER_DIR, 'dist', 'app.js');

/**
 * Makes sure viewer/dist/app.js exists and is newer than every viewer source, building it with esbuild
 * only when it is not (a vtk.js build takes seconds; a fresh check takes a few stat calls). Returns
 * whether it was rebuilt. esbuild is a dev dependency, so it is imported only when a build is needed.
 */
export async function ensureBundle(log?: (line: string) => void): Promise<boolean> {
  const entry = join(VIEWER_DIR, 'app.ts');
  const haveSources = existsSync(entry);
  if (existsSync(BUNDLE_PATH) && (!haveSources || statSync(BUNDLE_PATH).mtimeMs >= newestSource()))
    return false;
  if (!haveSources)
    throw new ViewerError('VIEWER_BUNDLE_FAILED', `no viewer bundle and no ${entry} to build it`);
  const started = Date.now();
  try {
    const esbuild = await import('esbuild');
    const result = await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      minify: true,
      write: false,
      outfile: BUNDLE_PATH,
      logLevel: 'silent',
    });
    const js = result.outputFiles.find((f) => f.path.endsWith('.js'));
    if (js === undefined) throw new Error('esbuild produced no JavaScript');
    // Write then rename, so a server starting in parallel never reads half a bundle.
    await mkdir(dirname(BUNDLE_PATH), { recursive: true });
    const tmp = `${BUNDLE_PATH}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(tmp, js.contents);
    await rename(tmp, BUNDLE_PATH);
    log?.(
      `viewer: built ${BUNDLE_PATH} (${(js.contents.length / 1024).toFixed(0)} KiB) in ${Date.now() - started} ms`,
    );
    return true;
  } catch (e) {
    throw new ViewerError('VIEWER_BUNDLE_FAILED', `could not build the viewer bundle: ${String(e)}`, {
      cause: e,
    });
  }
}

function newestSource(): number {
  let newest = 0;
  for (const dir of SOURCES) {
    for (const name of readdirSync(dir)) {
      if (name.endsWith('.ts') && !name.endsWith('.d.ts'))
        newest = Math.max(newest, statSync(join(dir, name)).mtimeMs);
    }
  }
  return newest;
}
