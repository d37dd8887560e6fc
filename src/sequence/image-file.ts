import { once } from 'node:events';
import { open, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { createDeflate, createGzip, createUnzip } from 'node:zlib';
import type { Encoding, ImageHeader } from './header.js';
import { pixelDataBytes } from './header.js';
import { SequenceError } from './errors.js';
import { metaImageHeaderLength, parseMetaImageHeader } from './metaimage.js';
import { nrrdHeaderLength, parseNrrdHeader } from './nrrd.js';

/** A parsed header and where its pixel bytes live. */
export interface ImageFile {
  readonly file: string;
  readonly header: ImageHeader;
  /** File holding the pixel bytes (the header file itself for inline data). */
  readonly dataPath: string;
  readonly dataOffset: number;
  /** Bytes present in dataPath from dataOffset on. */
  readonly dataAvailable: number;
}

// Headers of long PLUS recordings run to tens of MB (~600 B per frame); refuse anything absurd.
const MAX_HEADER = 1 << 30;

export function ioError(file: string, what: string, cause: unknown): SequenceError {
  const msg = cause instanceof Error ? cause.message : String(cause);
  return new SequenceError('SEQ_IO', `${file}: cannot ${what}: ${msg}`, { cause });
}

/** Reads and parses the header of a MetaImage (.mha/.mhd) or NRRD (.nrrd/.nhdr) file; reads no pixel data. */
export async function readImageFile(file: string): Promise<ImageFile> {
  let fh: FileHandle;
  try {
    fh = await open(file, 'r');
  } catch (e) {
    throw ioError(file, 'open', e);
  }
  try {
    const size = (await fh.stat()).size;
    let buf = new Uint8Array(Math.min(size, 64 * 1024));
    let have = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, have, buf.length - have, have);
      have += bytesRead;
      const view = buf.subarray(0, have);
      const nrrd = have >= 4 && String.fromCharCode(...view.subarray(0, 4)) === 'NRRD';
      let len = nrrd ? nrrdHeaderLength(view) : metaImageHeaderLength(view);
      // A detached NRRD header (.nhdr) may end at end of file without a blank line.
      if (len === -1 && nrrd && have === size) len = have;
      if (len !== -1) {
        const text = Buffer.from(view.buffer, view.byteOffset, len).toString('latin1');
        const header = nrrd ? parseNrrdHeader(text, file) : parseMetaImageHeader(text, file);
        return await locateData(file, header, len, size);
      }
      if (have >= size || have >= MAX_HEADER) {
        const field = nrrd ? 'the blank line ending the header' : 'ElementDataFile';
        throw new SequenceError(
          have >= size ? 'SEQ_TRUNCATED' : 'SEQ_HEADER',
          `${file}: header has no ${field} (file cut short or not an image file)`,
        );
      }
      if (have === buf.length) {
        const bigger = new Uint8Array(Math.min(size, buf.length * 4));
        bigger.set(buf);
        buf = bigger;
      }
    }
  } finally {
    await fh.close();
  }
}

async function locateData(
  file: string,
  header: ImageHeader,
  headerLength: number,
  fileSize: number,
): Promise<ImageFile> {
  let dataPath = file;
  let dataSize = fileSize;
  let offset = headerLength;
  if (header.dataFile !== undefined) {
    dataPath = isAbsolute(header.dataFile) ? header.dataFile : join(dirname(file), header.dataFile);
    try {
      dataSize = (await stat(dataPath)).size;
    } catch (e) {
      throw ioError(file, `open its data file ${dataPath} (field ElementDataFile / data file)`, e);
    }
    offset = header.dataFileSkip;
    if (offset === -1) offset = Math.max(0, dataSize - pixelDataBytes(header));
  }
  return { file, header, dataPath, dataOffset: offset, dataAvailable: Math.max(0, dataSize - offset) };
}

/** Throws SEQ_TRUNCATED unless the raw pixel bytes of `frames` frames are all present. */
export function checkRawLength(img: ImageFile, needed: number): void {
  if (img.header.encoding === 'raw' && img.dataAvailable < needed) {
    throw new SequenceError(
      'SEQ_TRUNCATED',
      `${img.file}: pixel data is truncated: DimSize/sizes need ${needed} bytes, ${img.dataAvailable} present in ${img.dataPath}`,
    );
  }
  if (img.header.compressedSize !== undefined && img.header.compressedSize > img.dataAvailable) {
    throw new SequenceError(
      'SEQ_TRUNCATED',
      `${img.file}: compressed pixel data is truncated: CompressedDataSize = ${img.header.compressedSize}, ${img.dataAvailable} bytes present`,
    );
  }
}

/**
 * Yields the decoded pixel bytes in chunks of exactly `chunkBytes` (one frame), `count` chunks,
 * reading the file piece by piece: raw data by offset, compressed data through a streaming inflate.
 * Every chunk is a fresh, 8-byte aligned buffer the caller may keep.
 */
export async function* readPixelChunks(
  img: ImageFile,
  chunkBytes: number,
  count: number,
  first = 0,
): AsyncGenerator<Uint8Array> {
  if (count <= 0 || chunkBytes === 0) {
    for (let i = 0; i < count; i++) yield new Uint8Array(0);
    return;
  }
  if (img.header.encoding === 'raw') {
    checkRawLength(img, chunkBytes * (first + count));
    const fh = await open(img.dataPath, 'r').catch((e: unknown) => {
      throw ioError(img.file, 'open pixel data', e);
    });
    try {
      for (let i = first; i < first + count; i++) {
        const out = new Uint8Array(chunkBytes);
        let got = 0;
        while (got < chunkBytes) {
          const { bytesRead } = await fh.read(
            out,
            got,
            chunkBytes - got,
            img.dataOffset + i * chunkBytes + got,
          );
          if (bytesRead === 0) break;
          got += bytesRead;
        }
        if (got < chunkBytes) throw truncated(img, i);
        yield out;
      }
    } finally {
      await fh.close();
    }
    return;
  }
  checkRawLength(img, 0);
  const end =
    img.header.compressedSize !== undefined ? img.dataOffset + img.header.compressedSize - 1 : undefined;
  const source = createReadStream(img.dataPath, {
    start: img.dataOffset,
    ...(end !== undefined ? { end } : {}),
    highWaterMark: 1 << 20,
  });
  // createUnzip accepts both zlib (MetaImage CompressedData) and gzip (NRRD encoding gz) streams.
  const inflate = createUnzip();
  source.on('error', (e) => inflate.destroy(e));
  source.pipe(inflate);
  let frame = 0;
  let out = new Uint8Array(chunkBytes);
  let fill = 0;
  try {
    for await (const chunk of inflate as AsyncIterable<Buffer>) {
      let p = 0;
      while (p < chunk.length && frame < first + count) {
        const n = Math.min(chunk.length - p, chunkBytes - fill);
        out.set(chunk.subarray(p, p + n), fill);
        fill += n;
        p += n;
        if (fill === chunkBytes) {
          if (frame >= first) yield out;
          frame++;
          out = new Uint8Array(chunkBytes);
          fill = 0;
        }
      }
      if (frame >= first + count) break;
    }
  } catch (e) {
    if (e instanceof SequenceError) throw e;
    throw new SequenceError(
      'SEQ_TRUNCATED',
      `${img.file}: compressed pixel data is cut or corrupt at frame ${frame} (${(e as Error).message})`,
      { cause: e },
    );
  } finally {
    source.destroy();
    inflate.destroy();
  }
  if (frame < first + count) throw truncated(img, frame);
}

function truncated(img: ImageFile, frame: number): SequenceError {
  return new SequenceError(
    'SEQ_TRUNCATED',
    `${img.file}: pixel data is truncated: frame ${frame} of DimSize/sizes is missing in ${img.dataPath}`,
  );
}

/**
 * Writes `chunks` at `position` of `fh`, raw or compressed as one stream; returns the bytes written.
 * Compression streams (the whole data is one zlib/gzip stream, as PLUS and ITK expect).
 */
export async function writeEncoded(
  fh: FileHandle,
  position: number,
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  encoding: Encoding,
): Promise<number> {
  let pos = position;
  const put = async (c: Uint8Array) => {
    let done = 0;
    while (done < c.length) done += (await fh.write(c, done, c.length - done, pos + done)).bytesWritten;
    pos += c.length;
  };
  if (encoding === 'raw') {
    for await (const c of chunks) await put(c);
    return pos - position;
  }
  const z = encoding === 'zlib' ? createDeflate({ level: 6 }) : createGzip({ level: 6 });
  const drain = (async () => {
    for await (const c of z as AsyncIterable<Buffer>) await put(c);
  })();
  try {
    for await (const c of chunks) if (!z.write(c)) await Promise.race([once(z, 'drain'), drain]);
    z.end();
    await drain;
  } catch (e) {
    z.destroy();
    throw e;
  }
  return pos - position;
}
