// Names Windows reserves in every folder; a file called "CON.txt" cannot be created there.
const WINDOWS_DEVICES = new Set([
  'CON',
  'PRN',
  'AUX',
  'NUL',
  'COM1',
  'COM2',
  'COM3',
  'COM4',
  'COM5',
  'COM6',
  'COM7',
  'COM8',
  'COM9',
  'LPT1',
  'LPT2',
  'LPT3',
  'LPT4',
  'LPT5',
  'LPT6',
  'LPT7',
  'LPT8',
  'LPT9',
]);

/**
 * Turns a client-supplied file name into one that is safe to join onto a directory: ASCII letters, digits,
 * `_`, `.` and `-` only, with no path separators and no leading dots or underscores.
 *
 * Accents are dropped (`ü` → `u`), whitespace becomes `_`, `/` and `\` split words, so
 * `'../../etc/passwd'` → `'etc_passwd'`. May return `''`: then pick a name yourself.
 *
 * Differs from Flask: Windows device names (`CON`, `NUL`, …) get a `_` prefix on every platform, not only
 * on Windows, so uploads stay portable.
 *
 * @example
 * secureFilename('My cool movie.mov'); // 'My_cool_movie.mov'
 */
export function secureFilename(filename: string): string {
  let name = filename
    .normalize('NFKD')
    .replace(/[\u0080-\uffff]/g, '')
    .replace(/[/\\]/g, ' ')
    .split(/\s+/)
    .filter((word) => word !== '')
    .join('_')
    .replace(/[^A-Za-z0-9_.-]/g, '')
    .replace(/^[._]+|[._]+$/g, '');
  if (name !== '' && WINDOWS_DEVICES.has(name.split('.')[0]!.toUpperCase())) name = `_${name}`;
  return name;
}
