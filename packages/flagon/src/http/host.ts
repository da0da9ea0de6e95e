// The last host found valid: nearly every request to a server names the same host, so one comparison
// usually answers.
let lastValid = '';

/**
 * Whether a Host header value is well formed: a name of letters, digits, `-`, `.`, `_` and `~`, or a
 * bracketed IPv6 address, then an optional `:port` of 1 to 5 digits up to 65535. Anything else (`/`, `?`,
 * `#`, `@`, blanks, commas from a repeated header, an empty or non-numeric port) is refused, so the host can
 * go into a redirect's `Location` or an external URL as it is.
 *
 * Differs from Flask: Werkzeug only checks the host against `TRUSTED_HOSTS` when that is set; Flagon
 * answers 400 to a malformed host always.
 */
export function isValidHost(host: string): boolean {
  if (host === lastValid) return true;
  const length = host.length;
  if (length === 0 || length > 255) return false;
  let i = 0;
  if (host.charCodeAt(0) === 91 /* [ */) {
    i = 1;
    while (i < length && isIpv6Char(host.charCodeAt(i))) i++;
    if (i === 1 || host.charCodeAt(i) !== 93 /* ] */) return false;
    i++;
  } else {
    while (i < length && isNameChar(host.charCodeAt(i))) i++;
    if (i === 0) return false;
  }
  if (i < length) {
    if (host.charCodeAt(i) !== 58 /* : */) return false;
    const digits = length - i - 1;
    if (digits < 1 || digits > 5) return false;
    for (let j = i + 1; j < length; j++) {
      const code = host.charCodeAt(j);
      if (code < 48 || code > 57) return false;
    }
    if (Number(host.slice(i + 1)) > 65535) return false;
  }
  lastValid = host;
  return true;
}

function isNameChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) || // a-z
    (code >= 65 && code <= 90) || // A-Z
    (code >= 48 && code <= 57) || // 0-9
    code === 45 || // -
    code === 46 || // .
    code === 95 || // _
    code === 126 // ~
  );
}

function isIpv6Char(code: number): boolean {
  return (
    (code >= 48 && code <= 58) || // 0-9 and :
    (code >= 97 && code <= 102) || // a-f
    (code >= 65 && code <= 70) || // A-F
    code === 46 // . (an embedded IPv4 address)
  );
}

/** `host` without the scheme's default port: `example.com:80` over http is `example.com`, as Werkzeug. */
export function withoutDefaultPort(host: string, scheme: string): string {
  const length = host.length;
  // A cheap look at the third character from the end spares the string comparisons on most hosts.
  if (length > 3 && host.charCodeAt(length - 3) === 58 && host.endsWith(':80')) {
    return scheme === 'http' || scheme === 'ws' ? host.slice(0, -3) : host;
  }
  if (length > 4 && host.charCodeAt(length - 4) === 58 && host.endsWith(':443')) {
    return scheme === 'https' || scheme === 'wss' ? host.slice(0, -4) : host;
  }
  return host;
}
