// Runs an ONNX model with onnxruntime-node (the runtime the bridge uses), for the Python parity test and
// the speed figures in README.md. Python's onnxruntime is not packaged in Debian, so parity goes via Node.
//   node models/ort_run.mjs run MODEL.onnx IN.npy OUT.npy [--threads N]
//   node models/ort_run.mjs bench MODEL.onnx --shape 1,1,H,W [--threads 1,2] [--iters 50] [--json]
import { readFileSync, writeFileSync } from 'node:fs';
import ort from 'onnxruntime-node';

/** Reads a little-endian float32 C-order .npy file (format 1.0/2.0). */
function readNpy(path) {
  const buf = readFileSync(path);
  const major = buf[6];
  const hlen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const hstart = major === 1 ? 10 : 12;
  const header = buf.subarray(hstart, hstart + hlen).toString('latin1');
  if (!header.includes("'<f4'") || header.includes("'fortran_order': True")) {
    throw new Error(`unsupported npy header ${header}`);
  }
  const shape = header
    .match(/'shape': \(([^)]*)\)/)[1]
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map(Number);
  const body = buf.subarray(hstart + hlen);
  const data = new Float32Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength));
  return { shape, data };
}

function writeNpy(path, shape, data) {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const pre = Buffer.alloc(10);
  pre.write('\x93NUMPY', 0, 'latin1');
  pre[6] = 1;
  pre[7] = 0;
  pre.writeUInt16LE(header.length, 8);
  writeFileSync(
    path,
    Buffer.concat([
      pre,
      Buffer.from(header, 'latin1'),
      Buffer.from(data.buffer, data.byteOffset, data.byteLength),
    ]),
  );
}

function opt(args, name, dflt) {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
}

async function session(model, threads) {
  return ort.InferenceSession.create(model, {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
  });
}

const [mode, model, ...rest] = process.argv.slice(2);
if (mode === 'run') {
  const [inPath, outPath] = rest;
  const { shape, data } = readNpy(inPath);
  const s = await session(model, Number(opt(rest, '--threads', '1')));
  const out = await s.run({ image: new ort.Tensor('float32', data, shape) });
  writeNpy(outPath, out.logits.dims, out.logits.data);
} else if (mode === 'bench') {
  const shape = opt(rest, '--shape', '1,1,128,160').split(',').map(Number);
  const iters = Number(opt(rest, '--iters', '50'));
  const results = [];
  for (const threads of opt(rest, '--threads', '1,2').split(',').map(Number)) {
    const s = await session(model, threads);
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1)).map(() => Math.random());
    const feeds = { image: new ort.Tensor('float32', data, shape) };
    for (let i = 0; i < 5; i++) await s.run(feeds);
    const times = [];
    for (let i = 0; i < iters; i++) {
      const t0 = process.hrtime.bigint();
      await s.run(feeds);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)];
    results.push({
      threads,
      shape,
      iters,
      medianMs: median,
      p90Ms: times[Math.floor(times.length * 0.9)],
      fps: 1000 / median,
    });
    await s.release();
  }
  if (rest.includes('--json')) console.log(JSON.stringify(results));
  else
    for (const r of results)
      console.log(
        `threads=${r.threads} shape=${r.shape} median=${r.medianMs.toFixed(2)} ms p90=${r.p90Ms.toFixed(2)} ms (${r.fps.toFixed(1)} fps)`,
      );
} else {
  console.error('usage: node models/ort_run.mjs run|bench MODEL.onnx ...');
  process.exit(2);
}
