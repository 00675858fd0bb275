/**
 * CIDR containment for security group checks: does a rule's CIDR cover a subnet's? Pure; parses
 * IPv4 (`10.0.0.0/16`) and IPv6 (`2001:db8::/56`) text without building a RegExp from data.
 */

export type AddressFamily = 'ipv4' | 'ipv6';

interface Cidr {
  family: AddressFamily;
  /** The address as a number of 32 (IPv4) or 128 (IPv6) bits. */
  address: bigint;
  prefix: number;
}

const IPV4_OCTET = /^(?:0|[1-9]\d{0,2})$/;
const IPV6_GROUP = /^[0-9a-f]{1,4}$/i;

function ipv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!IPV4_OCTET.test(part) || Number(part) > 255) return undefined;
    value = (value << 8n) | BigInt(part);
  }
  return value;
}

function ipv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (half: string | undefined): string[] => (half ? half.split(':') : []);
  const head = groupsOf(halves[0]);
  const tail = groupsOf(halves[1]);
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 1 ? 0 : missing).fill('0'), ...tail];
  let value = 0n;
  for (const group of groups) {
    if (!IPV6_GROUP.test(group)) return undefined;
    value = (value << 16n) | BigInt(Number.parseInt(group, 16));
  }
  return value;
}

/** Parses `address/prefix`; undefined for anything else (a rule we cannot read covers nothing). */
export function parseCidr(text: string): Cidr | undefined {
  const [address = '', prefixText, extra] = text.trim().split('/');
  if (prefixText === undefined || extra !== undefined || !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  const family: AddressFamily = address.includes(':') ? 'ipv6' : 'ipv4';
  const bits = family === 'ipv4' ? 32 : 128;
  const value = family === 'ipv4' ? ipv4(address) : ipv6(address);
  if (value === undefined || prefix > bits) return undefined;
  return { family, address: value, prefix };
}

/** True when every address of `inner` is in `outer` (same family, outer no longer, same network bits). */
export function cidrCovers(outer: string, inner: string): boolean {
  const a = parseCidr(outer);
  const b = parseCidr(inner);
  if (a === undefined || b === undefined || a.family !== b.family || a.prefix > b.prefix) return false;
  const bits = BigInt(a.family === 'ipv4' ? 32 : 128);
  const shift = bits - BigInt(a.prefix);
  return a.address >> shift === b.address >> shift;
}
