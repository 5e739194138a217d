import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { internalAddressKind } from './address-ranges';

export interface UrlPolicy {
  /** WEBHOOK_ALLOW_PRIVATE_URLS: internal addresses and plain http are allowed. */
  allowPrivate: boolean;
}

const MAX_URL_LENGTH = 2048;

/** An IP literal host without its IPv6 brackets, or null for a name. */
export function ipLiteral(hostname: string): string | null {
  const bare = hostname.replace(/^\[|\]$/g, '');
  return isIP(bare) ? bare : null;
}

/** Why an address may not be called under the policy, or null when it may. */
export function refusedAddress(address: string, policy: UrlPolicy): string | null {
  if (policy.allowPrivate) return null;
  const kind = internalAddressKind(address);
  return kind ? `${address} is ${kind}` : null;
}

/**
 * Checks an endpoint URL when an admin saves it: http(s) only, no credentials in it, and — unless
 * private URLs are allowed — https and a host whose every address (dns.lookup, all) is public.
 * Returns the problem to show, or null. The worker checks the addresses again at every call,
 * because a name can later resolve elsewhere.
 */
export async function checkWebhookUrl(raw: string, policy: UrlPolicy): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute http:// or https:// URL';
  }
  if (raw.length > MAX_URL_LENGTH) return `must be at most ${MAX_URL_LENGTH} characters`;
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an http:// or https:// URL';
  if (url.username || url.password) return 'must not carry credentials; the signature authenticates us';
  if (url.hash) return 'must not have a #fragment';
  if (policy.allowPrivate) return null;

  const literal = ipLiteral(url.hostname);
  let addresses: string[];
  if (literal) {
    addresses = [literal];
  } else {
    try {
      addresses = (await lookup(url.hostname, { all: true, verbatim: true })).map((a) => a.address);
    } catch {
      return `host ${url.hostname} does not resolve`;
    }
  }
  for (const address of addresses) {
    const refused = refusedAddress(address, policy);
    if (refused) return `must point at a public address, not a private, loopback or link-local one (${refused})`;
  }
  if (url.protocol !== 'https:') return 'must use https://';
  return null;
}
