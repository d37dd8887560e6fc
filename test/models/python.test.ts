import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The PyTorch side (models/) is tested by pytest: shapes of every model, the Global Guidance Block against
// a plain re-statement of the paper's formulas, a smoke training with resume, and ONNX export with
// PyTorch-vs-onnxruntime-node parity. Debian's torch lives under /usr/bin/python3 only.
const PYTHON = '/usr/bin/python3';

describe('models (pytest)', () => {
  it.skipIf(!existsSync(PYTHON))(
    'passes pytest -q models',
    () => {
      const r = spawnSync(PYTHON, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'models'], {
        encoding: 'utf8',
        env: { ...process.env, OMP_NUM_THREADS: '2' },
        timeout: 290_000,
      });
      const out = `${r.stdout}\n${r.stderr}`;
      expect(r.error, out).toBeUndefined();
      expect(out).toMatch(/\d+ passed/);
      expect(r.status, out.slice(-4000)).toBe(0);
    },
    300_000,
  );
});
