import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Addresses an outbound request (a webhook, a feed) must never reach unless the deployment says
 * so: loopback, link-local (cloud metadata at 169.254.169.254), private, carrier-grade NAT,
 * unspecified and multicast ranges, in IPv4 and IPv6 (IPv4-mapped IPv6 included). A URL whose
 * host resolves to any of them is refused, so a customer-facing admin cannot turn Hearken into a
 * probe of its own network.
 */
const internal = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  internal.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  internal.addSubnet(network, prefix, 'ipv6');
}

/** Whether `address` (an IP literal) lies in a range outbound requests must not reach. */
export function isInternalAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return internal.check(address, 'ipv4');
  if (family !== 6) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return internal.check(mapped[1], 'ipv4');
  return internal.check(address, 'ipv6');
}

/**
 * Why `url` may not be called, or null when it may: an absolute http(s) URL whose host resolves
 * only to public addresses (or any address when `allowInternal`, for tests and closed networks).
 */
export async function outboundUrlProblem(
  url: string,
  allowInternal: boolean,
): Promise<string | null> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be an absolute http(s) URL';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return 'must be an absolute http(s) URL';
  }
  if (parsed.username || parsed.password) return 'must not carry a user name or password';
  if (allowInternal) return null;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(host)
      ? [host]
      : (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
  } catch {
    return `its host ${host} does not resolve`;
  }
  if (addresses.length === 0 || addresses.some(isInternalAddress)) {
    return 'must not point at a loopback, link-local or private address';
  }
  return null;
}
