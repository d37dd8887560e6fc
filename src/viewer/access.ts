import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/** The cookie the page gets once it was opened with the right `?token=`, so its own requests carry it. */
export const TOKEN_COOKIE = 'spinebridge_token';

/** Loopback addresses need no token; anything else that can reach the viewer does. */
export function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

/** 128 random bits, hex: what `--http-bind` beyond loopback prints in the viewer's URL. */
export function newToken(): string {
  return randomBytes(16).toString('hex');
}

/**
 * Whether a request carries the token, in the query (`?token=`, the URL the user was given) or in the
 * cookie set when the page was opened that way. Compared in constant time.
 */
export function hasToken(req: IncomingMessage, token: string): boolean {
  const url = new URL(req.url ?? '/', 'http://viewer');
  const fromQuery = url.searchParams.get('token');
  const fromCookie = (req.headers.cookie ?? '')
    .split(';')
    .map((c) => c.trim().split('='))
    .find(([name]) => name === TOKEN_COOKIE)?.[1];
  return [fromQuery, fromCookie].some((t) => t !== null && t !== undefined && same(t, token));
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
