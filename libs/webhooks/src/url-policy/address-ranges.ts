import { BlockList, isIP } from 'node:net';

/**
 * Address ranges a webhook may not call unless WEBHOOK_ALLOW_PRIVATE_URLS is on: reaching them
 * from our network would let an admin account probe internal services (server-side request forgery).
 */
const RANGES: Record<string, string[]> = {
  unspecified: ['0.0.0.0/8', '::/128'],
  loopback: ['127.0.0.0/8', '::1/128'],
  private: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '192.0.0.0/24', '198.18.0.0/15'],
  'link-local': ['169.254.0.0/16', 'fe80::/10'],
  'unique-local': ['fc00::/7', 'fec0::/10'],
  multicast: ['224.0.0.0/4', 'ff00::/8'],
  reserved: ['240.0.0.0/4', '100::/64'],
  // Mapped addresses would let ::ffff:10.0.0.1 smuggle an IPv4 target through the IPv6 checks.
  'ipv4-mapped': ['::ffff:0:0/96'],
};

/**
 * One BlockList per kind and family. The families are kept apart because a BlockList matches IPv4
 * addresses against IPv4-mapped IPv6 subnets (and back), which would blur the kinds.
 */
const LISTS: { kind: string; family: 4 | 6; list: BlockList }[] = Object.entries(RANGES).flatMap(([kind, cidrs]) =>
  ([4, 6] as const).flatMap((family) => {
    const own = cidrs.filter((cidr) => isIP(cidr.split('/')[0]) === family);
    if (!own.length) return [];
    const list = new BlockList();
    for (const cidr of own) {
      const [network, prefix] = cidr.split('/');
      list.addSubnet(network, Number(prefix), family === 6 ? 'ipv6' : 'ipv4');
    }
    return [{ kind, family, list }];
  }),
);

/** The kind of internal range an IP address is in ('loopback', 'private', …), or null for a public one. */
export function internalAddressKind(address: string): string | null {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 0) return 'invalid';
  for (const { kind, list } of LISTS.filter((entry) => entry.family === family)) {
    if (list.check(bare, family === 6 ? 'ipv6' : 'ipv4')) return kind;
  }
  return null;
}
