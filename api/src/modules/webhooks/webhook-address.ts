import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Address ranges a webhook may never reach: private networks, link-local (which includes the
 * cloud metadata address 169.254.169.254), carrier-grade NAT, multicast and reserved ranges.
 * Loopback is checked separately because plain-HTTP test receivers run there.
 */
const blocked = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['fd00:ec2::', 32],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv6');
}

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Returns the IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:10.0.0.1`), else null. */
function mappedIPv4(address: string): string | null {
  const match = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);

  return match ? match[1]! : null;
}

/** Tells whether a resolved address is loopback. */
export function isLoopbackAddress(address: string): boolean {
  const inner = mappedIPv4(address);
  if (inner) {
    return isLoopbackAddress(inner);
  }

  return loopback.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

/** Tells whether a resolved address is private, link-local, metadata or otherwise reserved. */
export function isBlockedAddress(address: string): boolean {
  const inner = mappedIPv4(address);
  if (inner) {
    return isBlockedAddress(inner);
  }
  const family = isIP(address);
  if (family === 0) {
    return true;
  }

  return blocked.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/**
 * Returns why `address` may not receive webhooks of `url`, or null when it may. Loopback is
 * allowed only for URLs that name loopback themselves, so a public name that resolves to
 * 127.0.0.1 is rejected too.
 */
export function addressProblem(url: URL, address: string): string | null {
  if (isLoopbackAddress(address)) {
    return LOOPBACK_NAMES.has(url.hostname) ? null : `resolves to the loopback address ${address}`;
  }
  if (isBlockedAddress(address)) {
    return `resolves to the private or reserved address ${address}`;
  }

  return null;
}

/**
 * Checks a webhook URL before it is stored. It must use https, or http on 127.0.0.1, [::1] or
 * localhost, and carry no user name or password. Every address its host resolves to must pass
 * `addressProblem`. Returns the reason for rejecting the URL, or null when it is accepted.
 */
export async function webhookUrlProblem(value: string): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not an absolute URL';
  }
  const local = LOOPBACK_NAMES.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    return 'must use https (plain http is allowed only on 127.0.0.1, [::1] and localhost)';
  }
  if (url.username || url.password) {
    return 'must not contain a user name or password';
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((entry) => entry.address);
  } catch {
    return `has a host name that does not resolve (${host})`;
  }
  for (const address of addresses) {
    const problem = addressProblem(url, address);
    if (problem) {
      return problem;
    }
  }

  return null;
}
