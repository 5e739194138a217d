import { isIPv4, isIPv6 } from 'node:net';

/**
 * The identity a rate limit counts against, from `request.ip` (already resolved through trusted proxies).
 * IPv4 counts per address. IPv6 counts per /64: one subscriber usually holds a whole /64 and could
 * rotate through its addresses to get a fresh budget for every request.
 */
export function clientKey(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const address = ip.replace(/%.*$/, ''); // zone id (fe80::1%eth0)
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  if (isIPv4(address)) return address;
  if (isIPv6(address)) return `${ipv6Groups(address).slice(0, 4).join(':')}::/64`;
  return 'unknown';
}

/** The eight 16-bit groups of an IPv6 address, '::' expanded, leading zeros dropped. */
function ipv6Groups(address: string): string[] {
  const [head, tail] = address.split('::');
  const part = (text: string | undefined) => (text ? text.split(':') : []);
  // An embedded IPv4 tail (64:ff9b::192.0.2.1) is two groups; only their count matters here.
  const width = (groups: string[]) => groups.reduce((sum, group) => sum + (group.includes('.') ? 2 : 1), 0);
  const before = part(head);
  const after = part(tail);
  const zeros = tail === undefined ? [] : Array<string>(8 - width(before) - width(after)).fill('0');
  return [...before, ...zeros, ...after].map((group) => (group.includes('.') ? group : parseInt(group, 16).toString(16)));
}
