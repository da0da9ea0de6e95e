/** Platforms checked in order; the first pattern that matches names the platform. */
const PLATFORMS: readonly [RegExp, string][] = [
  [/cros/i, 'chromeos'],
  [/iphone|ipad|ipod/i, 'iphone'],
  [/android/i, 'android'],
  [/darwin|mac os x|macintosh/i, 'macos'],
  [/windows/i, 'windows'],
  [/linux/i, 'linux'],
  [/freebsd|openbsd|netbsd/i, 'bsd'],
];

/** Browsers checked in order (Edge and Opera before Chrome, Chrome before Safari, bots first). */
const BROWSERS: readonly [RegExp, string][] = [
  [/googlebot\/([\d.]+)/i, 'google'],
  [/bingbot\/([\d.]+)/i, 'bing'],
  [/edg(?:e|a|ios)?\/([\d.]+)/i, 'edge'],
  [/(?:opera|opr)\/([\d.]+)/i, 'opera'],
  [/firefox\/([\d.]+)/i, 'firefox'],
  [/(?:chrome|crios)\/([\d.]+)/i, 'chrome'],
  [/version\/([\d.]+).*safari/i, 'safari'],
  [/msie ([\d.]+)|trident\/.*rv:([\d.]+)/i, 'msie'],
  [/curl\/([\d.]+)/i, 'curl'],
  [/python-requests\/([\d.]+)/i, 'requests'],
];

/**
 * The `User-Agent` header with a best-effort guess at platform, browser and version. The guesses are a
 * few regular expressions, not a complete database; use `string` with a dedicated library when it matters.
 *
 * Differs from Flask: Werkzeug 2.x no longer guesses (its fields are always None); this keeps a small guesser.
 */
export class UserAgent {
  /** The header as sent; `''` when absent. */
  readonly string: string;
  readonly platform: string | null;
  readonly browser: string | null;
  readonly version: string | null;

  constructor(header: string | null | undefined) {
    this.string = header ?? '';
    // A multi-kilobyte header is not a browser; skip the regexes rather than scan it.
    const text = this.string.length > 1024 ? '' : this.string;
    this.platform = PLATFORMS.find(([re]) => re.test(text))?.[1] ?? null;
    let browser: string | null = null;
    let version: string | null = null;
    for (const [re, name] of BROWSERS) {
      const match = re.exec(text);
      if (match !== null) {
        browser = name;
        version = match[1] ?? match[2] ?? null;
        break;
      }
    }
    this.browser = browser;
    this.version = version;
  }

  /** The header as sent. */
  toString(): string {
    return this.string;
  }
}
