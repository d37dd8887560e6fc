import type { Mat4 } from '../math/index.js';

/** One v2 metadata value. `encoding` is the IANA MIBenum (3 = US-ASCII, 106 = UTF-8). */
export interface IgtlMetadataValue {
  readonly encoding: number;
  /** Decoded as UTF-8 when encoding is 106, else byte-for-byte (latin1), so every value round-trips. */
  readonly value: string;
}

/** Fields every message carries (from the 58-byte header and, in v2, the extended header). */
export interface IgtlCommon {
  /** Up to 20 bytes on the wire. */
  readonly deviceName: string;
  /** Exact 32.32 fixed point: (seconds << 32) | fraction, as on the wire. */
  readonly timestamp: bigint;
  /** 1 = plain header; 2 = extended header + metadata (what protocol v3 writes). Encoder default 1. */
  readonly headerVersion?: 1 | 2;
  /** v2 only, in wire order. */
  readonly metadata?: ReadonlyMap<string, IgtlMetadataValue>;
  /** v2 only (uint32). */
  readonly messageId?: number;
}

export type IgtlScalarType =
  'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'float32' | 'float64';
export type IgtlVec3 = readonly [number, number, number];

/**
 * IMAGE (spec v2 image.html). `matrix` is the wire's 12 float32 in wire order
 * [tx ty tz  sx sy sz  nx ny nz  px py pz]: the i, j, k axis directions scaled by the spacing, and the
 * position of the CENTRE of the whole volume; see geometry.ts for the 4x4 IJK-to-world form.
 * `data` holds the sub-volume's raw pixel bytes (components interleaved, `endianness` as stated); on
 * decode it is a view into the received buffer, not a copy.
 */
export interface IgtlImage extends IgtlCommon {
  readonly type: 'IMAGE';
  readonly scalarType: IgtlScalarType;
  readonly components: number;
  readonly endianness: 'big' | 'little';
  readonly coordinate: 'RAS' | 'LPS';
  readonly size: IgtlVec3;
  readonly matrix: ArrayLike<number>;
  /** Defaults: offset [0,0,0], size = the whole volume. */
  readonly subvolumeOffset?: IgtlVec3;
  readonly subvolumeSize?: IgtlVec3;
  readonly data: Uint8Array;
}

/** TRANSFORM: wire is 3x4 column-major float32; here a row-major 4x4 (last row 0 0 0 1). */
export interface IgtlTransform extends IgtlCommon {
  readonly type: 'TRANSFORM';
  readonly matrix: Mat4;
}

/** POSITION: position + quaternion (ox, oy, oz, w). Wire sizes 12, 24 (w implied) or 28 bytes. */
export interface IgtlPosition extends IgtlCommon {
  readonly type: 'POSITION';
  readonly position: IgtlVec3;
  readonly quaternion: readonly [number, number, number, number];
  /** How many quaternion components travel (0, 3 or 4). Encoder default 4. */
  readonly quaternionComponents?: 0 | 3 | 4;
}

/** STATUS: code (1 = OK ... 19, see STATUS_CODES), 64-bit subcode, 20-byte error name, message. */
export interface IgtlStatus extends IgtlCommon {
  readonly type: 'STATUS';
  readonly code: number;
  readonly subcode: bigint;
  readonly errorName: string;
  readonly message: string;
}

/** STRING: IANA MIBenum `encoding` (3 = US-ASCII, 106 = UTF-8) and the text. */
export interface IgtlString extends IgtlCommon {
  readonly type: 'STRING';
  readonly encoding: number;
  readonly value: string;
}

export interface IgtlPointElement {
  readonly name: string;
  readonly group: string;
  readonly rgba: readonly [number, number, number, number];
  readonly position: IgtlVec3;
  readonly radius: number;
  readonly owner: string;
}

export interface IgtlPoint extends IgtlCommon {
  readonly type: 'POINT';
  readonly points: readonly IgtlPointElement[];
}

export interface IgtlTrackingElement {
  readonly name: string;
  /** 1 tracker, 2 6D, 3 3D, 4 5D. */
  readonly instrumentType: number;
  readonly matrix: Mat4;
}

export interface IgtlTrackingData extends IgtlCommon {
  readonly type: 'TDATA';
  readonly elements: readonly IgtlTrackingElement[];
}

/** POLYDATA attribute. `kind` is the wire's type byte: 0x00-0x04 point data, 0x10-0x14 cell data. */
export interface IgtlPolyAttribute {
  readonly kind: number;
  readonly components: number;
  readonly name: string;
  /** components * count float32 values. */
  readonly data: Float32Array;
}

/** POLYDATA: cell arrays are VTK-style flat lists (n, i1..in, n, ...). */
export interface IgtlPolyData extends IgtlCommon {
  readonly type: 'POLYDATA';
  /** x, y, z per point. */
  readonly points: Float32Array;
  readonly vertices: Uint32Array;
  readonly lines: Uint32Array;
  readonly polygons: Uint32Array;
  readonly triangleStrips: Uint32Array;
  readonly attributes: readonly IgtlPolyAttribute[];
}

export interface IgtlCapability extends IgtlCommon {
  readonly type: 'CAPABILITY';
  readonly types: readonly string[];
}

/** COMMAND and its reply RTS_COMMAND (protocol v3): id, 20-byte name, encoded text (often XML). */
export interface IgtlCommand extends IgtlCommon {
  readonly type: 'COMMAND' | 'RTS_COMMAND';
  readonly commandId: number;
  readonly commandName: string;
  readonly encoding: number;
  readonly command: string;
}

export type IgtlQueryPrefix = 'GET' | 'STT' | 'STP' | 'RTS';

/**
 * The query forms GET_x / STT_x / STP_x / RTS_x (except RTS_COMMAND). The body is kept raw:
 * GET_ and STP_ bodies are empty, STT_TDATA carries resolution + coordinate name, RTS_ a status byte
 * (see query.ts helpers).
 */
export interface IgtlQuery extends IgtlCommon {
  readonly type: 'QUERY';
  /** The full wire type name, e.g. 'GET_IMAGE', 'STT_TDATA', 'GET_CAPABIL'. */
  readonly wireType: string;
  readonly prefix: IgtlQueryPrefix;
  readonly body: Uint8Array;
}

/** Any other type name (QTDATA, NDARRAY, VIDEO, ...): the content bytes, kept as received. */
export interface IgtlRaw extends IgtlCommon {
  readonly type: 'RAW';
  readonly wireType: string;
  readonly body: Uint8Array;
}

export type IgtlMessage =
  | IgtlImage
  | IgtlTransform
  | IgtlPosition
  | IgtlStatus
  | IgtlString
  | IgtlPoint
  | IgtlTrackingData
  | IgtlPolyData
  | IgtlCapability
  | IgtlCommand
  | IgtlQuery
  | IgtlRaw;

export type IgtlMessageType = IgtlMessage['type'];

/** The parsed 58-byte header. */
export interface IgtlHeader {
  readonly headerVersion: 1 | 2;
  readonly wireType: string;
  readonly deviceName: string;
  readonly timestamp: bigint;
  readonly bodySize: number;
  readonly crc: bigint;
}

export interface IgtlDecodeOptions {
  /** Check the header's CRC-64 against the body (default true). */
  readonly verifyCrc?: boolean;
}
