const TWO_32 = 4294967296;

/** Seconds (e.g. Date.now() / 1000) -> the wire's 32.32 fixed point, fraction rounded to nearest. */
export function timestampFromSeconds(seconds: number): bigint {
  if (!Number.isFinite(seconds) || seconds < 0 || seconds >= TWO_32) {
    throw new RangeError(`timestamp ${seconds} s is outside 0..2^32`);
  }
  let sec = Math.floor(seconds);
  let frac = Math.round((seconds - sec) * TWO_32);
  if (frac >= TWO_32) {
    sec += 1;
    frac = 0;
  }
  return (BigInt(sec) << 32n) | BigInt(frac);
}

/** 32.32 fixed point -> seconds (a double: exact to about 0.1 microsecond for current dates). */
export function timestampToSeconds(timestamp: bigint): number {
  return Number(timestamp >> 32n) + Number(timestamp & 0xffffffffn) / TWO_32;
}

/** The fixed-point timestamp from its two 32-bit halves. */
export function timestampFromParts(seconds: number, fraction: number): bigint {
  return (BigInt(seconds >>> 0) << 32n) | BigInt(fraction >>> 0);
}
