// End-to-end frame rate of a shipped model through the bridge's own runtime (src/segment): a 640x480
// uint8 frame -> preprocess -> onnxruntime-node -> postprocess to a full-size label, 1 and 2 intra-op
// threads. Figures for models/README.md; not a test (timings on a shared 2-core machine vary).
//   npx tsx models/bench_pipeline.ts [models/ugbnet-lite.json] [--frames 200]
import { loadCard, openModel, segmentFrame } from '../src/segment/index.js';

const args = process.argv.slice(2);
const cardPath = args.find((a) => a.endsWith('.json')) ?? 'models/ugbnet-lite.json';
const fi = args.indexOf('--frames');
const frames = fi >= 0 ? Number(args[fi + 1]) : 200;
const { card, onnxPath } = await loadCard(cardPath);
const width = 640;
const height = 480;
const data = new Uint8Array(width * height);
for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24;
for (const threads of [1, 2]) {
  const model = await openModel(onnxPath, card, { intraOpThreads: threads });
  for (let i = 0; i < 10; i++) await segmentFrame(card, { width, height, data }, model.infer);
  const sums = { pre: 0, infer: 0, post: 0 };
  const t0 = performance.now();
  for (let i = 0; i < frames; i++) {
    const { timings } = await segmentFrame(card, { width, height, data }, model.infer);
    sums.pre += timings.preMs;
    sums.infer += timings.inferMs;
    sums.post += timings.postMs;
  }
  const ms = (performance.now() - t0) / frames;
  const f = (v: number): string => (v / frames).toFixed(2);
  console.log(
    `${card.name} ${width}x${height} -> ${card.input.width}x${card.input.height}, threads=${threads}: ` +
      `${ms.toFixed(2)} ms/frame (${(1000 / ms).toFixed(1)} fps; pre ${f(sums.pre)}, infer ${f(sums.infer)}, post ${f(sums.post)} ms)`,
  );
  await model.dispose();
}
