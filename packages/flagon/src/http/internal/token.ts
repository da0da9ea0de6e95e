/** RFC 7230 `tchar`: the characters allowed in a token (header names, cookie names, parameter names). */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

// Header names repeat (Content-Type, Set-Cookie, …): remembering the valid ones skips the regex. Bounded,
// because names can come from user code.
const knownTokens = new Set<string>();

/** Whether `text` is a non-empty RFC 7230 token. */
export function isToken(text: string): boolean {
  if (knownTokens.has(text)) return true;
  if (!TOKEN.test(text)) return false;
  if (knownTokens.size < 512) knownTokens.add(text);
  return true;
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

/** Whether `text` holds a C0 control character (U+0000-U+001F) or DEL. */
export function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
