/** Byte helpers shared by the signers and serializers: UTF-8, URL-safe base64 and big-endian integers. */

import { Buffer } from 'node:buffer';

const encoder = new TextEncoder();
// fatal: bytes that are not UTF-8 must fail loudly rather than turn into U+FFFD and change the data.
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Text or bytes as bytes (strings are UTF-8 encoded). Buffers are returned as they are. */
export function toBytes(value: string | Uint8Array): Uint8Array {
  return typeof value === 'string' ? encoder.encode(value) : value;
}

/** UTF-8 bytes as text. @throws TypeError when the bytes are not valid UTF-8. */
export function toText(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** URL-safe base64 without `=` padding, as itsdangerous writes it. */
export function base64UrlEncode(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

const BASE64_URL = /^[A-Za-z0-9_-]*={0,2}$/;

/**
 * Decodes URL-safe base64, with or without padding. Returns undefined for anything else, because Node's own
 * decoder silently skips bad characters and a tampered value must not decode to something plausible.
 */
export function base64UrlDecode(text: string | Uint8Array): Buffer | undefined {
  const source = typeof text === 'string' ? text : Buffer.from(text).toString('latin1');
  if (!BASE64_URL.test(source)) return undefined;
  const bare = source.replace(/=+$/, '');
  // A single leftover character cannot encode a whole byte; Python rejects it as incorrect padding.
  if (bare.length % 4 === 1) return undefined;
  return Buffer.from(bare, 'base64url');
}

/** A non-negative integer as big-endian bytes without leading zero bytes (itsdangerous' `int_to_bytes`). */
export function intToBytes(value: number): Uint8Array {
  let rest = BigInt(Math.trunc(value));
  const out: number[] = [];
  while (rest > 0n) {
    out.unshift(Number(rest & 0xffn));
    rest >>= 8n;
  }
  return Uint8Array.from(out);
}

/** Big-endian bytes (at most 8) as an integer; undefined when there are more than 8 bytes, as in itsdangerous. */
export function bytesToInt(bytes: Uint8Array): number | undefined {
  if (bytes.length > 8) return undefined;
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return Number(value);
}

/** Index of the last occurrence of `needle` in `haystack`, or -1. */
export function lastIndexOfBytes(haystack: Uint8Array, needle: Uint8Array): number {
  return Buffer.from(haystack.buffer, haystack.byteOffset, haystack.byteLength).lastIndexOf(needle);
}
