import {
  encodeMessage,
  IgtlClient,
  IgtlNetError,
  imageOrigin,
  imageSpacing,
  timestampToSeconds,
  type IgtlMessage,
} from '../../igtlink/index.js';
import { CliError } from '../parse.js';
import { defineCommand } from '../spec.js';

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

const round = (v: number, digits = 6) => Number(v.toFixed(digits));
const wireType = (m: IgtlMessage) => (m.type === 'QUERY' || m.type === 'RAW' ? m.wireType : m.type);

/** One message as a flat JSON-able record: type, device, timestamp (s), wire size, and what matters per type. */
export function dumpRecord(m: IgtlMessage, bytes: number): { [k: string]: Json } {
  const rec: { [k: string]: Json } = {
    type: wireType(m),
    device: m.deviceName,
    timestamp: round(timestampToSeconds(m.timestamp)),
    bytes,
    headerVersion: m.headerVersion ?? 1,
  };
  if (m.metadata && m.metadata.size > 0) {
    rec['metadata'] = Object.fromEntries([...m.metadata].map(([k, v]) => [k, v.value]));
  }
  if (m.type === 'IMAGE') {
    rec['size'] = [...m.size];
    rec['scalarType'] = m.scalarType;
    rec['components'] = m.components;
    rec['coordinate'] = m.coordinate;
    rec['spacing'] = imageSpacing(m).map((v) => round(v));
    // Position of voxel (0,0,0); the wire itself carries the volume centre.
    rec['origin'] = imageOrigin(m).map((v) => round(v, 4));
  } else if (m.type === 'TRANSFORM') {
    rec['matrix'] = [0, 1, 2, 3].map((r) => [0, 1, 2, 3].map((c) => round(m.matrix[r * 4 + c]!)));
  } else if (m.type === 'STATUS') {
    rec['code'] = m.code;
    rec['errorName'] = m.errorName;
    rec['message'] = m.message;
  } else if (m.type === 'STRING') {
    rec['value'] = m.value;
  }
  return rec;
}

const fmt = (v: Json): string =>
  Array.isArray(v) ? v.map(fmt).join(v.some(Array.isArray) ? '; ' : ',') : String(v);

/** The human line: "IMAGE Image_Reference t=… 307436 B size=640,480,1 …". */
export function dumpLine(rec: { [k: string]: Json }): string {
  const { type, device, timestamp, bytes, headerVersion, ...rest } = rec;
  const head = `${String(type).padEnd(10)} ${String(device).padEnd(20)} t=${Number(timestamp).toFixed(6)} ${bytes} B${headerVersion === 2 ? ' v2' : ''}`;
  const tail = Object.entries(rest).map(([k, v]) =>
    k === 'matrix'
      ? `matrix=[${fmt(v)}]`
      : k === 'metadata'
        ? `metadata=${JSON.stringify(v)}`
        : `${k}=${fmt(v)}`,
  );
  return [head, ...tail].join(' ');
}

export const igtlDumpCommand = defineCommand({
  name: ['igtl', 'dump'],
  summary: 'watch an OpenIGTLink stream: one line per message (type, device, timestamp, size, geometry)',
  positionals: [
    { name: 'HOST:PORT', help: 'server to connect to, e.g. 127.0.0.1:18944 (PlusServer, Slicer)' },
  ],
  options: {
    v2: {
      kind: 'boolean',
      help: 'speak header v2 (announced with a GET_STATUS, so PlusServer answers in v2)',
    },
    count: { kind: 'number', value: 'N', help: 'stop after N messages (0: until interrupted)', default: 0 },
    json: { kind: 'boolean', help: 'one JSON object per line' },
    timeout: {
      kind: 'number',
      value: 'MS',
      help: 'treat this long without data as a dead link (0: never)',
      default: 0,
    },
    'no-crc': { kind: 'boolean', help: 'do not check CRC-64' },
  },
  run: async ({ positionals, options, io }) => {
    const count = options.count;
    if (!Number.isInteger(count) || count < 0)
      throw new CliError('CLI_BAD_VALUE', '--count must be a whole number >= 0');
    if (!(options.timeout >= 0)) throw new CliError('CLI_BAD_VALUE', '--timeout must be >= 0');
    const client = await IgtlClient.connect(positionals[0]!, {
      headerVersion: options.v2 ? 2 : 1,
      receiveTimeoutMs: options.timeout,
      verifyCrc: !options['no-crc'],
      reconnect: false,
    });
    let seen = 0;
    let failure: IgtlNetError | undefined;
    const done = new Promise<void>((resolve) => {
      client.on('message', (m) => {
        if (count > 0 && seen >= count) return;
        seen++;
        const rec = dumpRecord(m, encodeMessage(m).byteLength);
        io.out(options.json ? JSON.stringify(rec) : dumpLine(rec));
        if (count > 0 && seen >= count) resolve();
      });
      client.on('disconnect', ({ reason }) => {
        failure = reason;
        resolve();
      });
      void io.stopped.then(() => resolve());
    });
    if (options.v2) {
      client.send({
        type: 'QUERY',
        wireType: 'GET_STATUS',
        prefix: 'GET',
        deviceName: '',
        timestamp: 0n,
        body: new Uint8Array(),
      });
    }
    await done;
    client.close();
    // Ending because the server closed is normal for a bounded stream unless fewer than --count came.
    if (failure && (count === 0 || seen < count) && failure.code !== 'CONNECTION_LOST') throw failure;
    if (count > 0 && seen < count) {
      io.err(`igtl dump: connection ended after ${seen} of ${count} messages`);
      return 1;
    }
    return 0;
  },
});
