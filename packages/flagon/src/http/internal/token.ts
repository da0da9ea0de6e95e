/** RFC 7230 `tchar`: the characters allowed in a token (header names, cookie names, parameter names). */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Whether `text` is a non-empty RFC 7230 token. */
export function isToken(text: string): boolean {
  return TOKEN.test(text);
}

/** Escapes `& < > " '` so text can be placed in HTML element content or attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&#34;')
    .replaceAll("'", '&#39;');
}
