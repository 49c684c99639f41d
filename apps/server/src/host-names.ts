import { isIP } from "node:net";

// Host names as the hub compares them (the HOST it binds to, the Host header of a request,
// the entries of STATEHUB_ALLOWED_HOSTS): one spelling per host, the one a browser writes.

/** Characters a host name, an IPv4 address or a bracketed IPv6 address may contain. */
const HOST_CHARACTERS = /^[A-Za-z0-9._\-:[\]]+$/;
/** A DNS name: labels of letters, digits and inner hyphens; the last label not all digits. */
const DNS_NAME = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.?$/i;

/**
 * The canonical form of a host name, IPv4 or IPv6 address (bare or in brackets), without a
 * port: lower case, no trailing dot, IPv4 in dotted decimal (`127.1` → `127.0.0.1`), IPv6
 * compressed and in brackets (`[0:0::1]` → `[::1]`) — the WHATWG URL rules, i.e. what a browser
 * puts in Host and Origin. Undefined when the value is not a host.
 */
export function canonicalHost(value: string): string | undefined {
  if (!HOST_CHARACTERS.test(value)) return undefined;
  const bracketed = isIP(value) === 6 ? `[${value}]` : value;
  let hostname: string;
  try {
    hostname = new URL(`http://${bracketed}/`).hostname;
  } catch {
    return undefined;
  }
  return hostname.endsWith(".") ? hostname.slice(0, -1) : hostname;
}

/** True for a canonical host on this machine's loopback: localhost, 127.0.0.0/8, [::1]. */
export function isLoopback(canonical: string): boolean {
  return canonical === "localhost" || canonical === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(canonical);
}

/** True when `host` (a name or address as configured, e.g. HOST) is a loopback one. */
export function isLoopbackHost(host: string): boolean {
  const canonical = canonicalHost(host);
  return canonical !== undefined && isLoopback(canonical);
}

/**
 * The canonical form of a host someone configured (an entry of STATEHUB_ALLOWED_HOSTS): a DNS
 * name, a dotted-quad IPv4 or an IPv6 address, without scheme, port, path or wildcard.
 * Stricter than a Host header, so that a typo is refused instead of read in a surprising way
 * (`10.1` would otherwise mean 10.0.0.1). Undefined when it is none of those.
 */
export function canonicalConfiguredHost(value: string): string | undefined {
  const bare = value.startsWith("[") && value.endsWith("]") ? value.slice(1, -1) : value;
  if (isIP(bare) === 0 && !(DNS_NAME.test(value) && !/(?:^|\.)\d+\.?$/.test(value))) return undefined;
  return canonicalHost(bare);
}
