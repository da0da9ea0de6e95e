import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import type { App } from '../app/app.ts';
import type { Request } from '../wrappers/request.ts';
import { escapeHtml } from './internal/html.ts';
import {
  excerpt,
  makeSourceReader,
  parseStack,
  type SourceExcerpt,
  type StackFrame,
} from './internal/stack-frames.ts';

/** What the debug page shows about the request that failed. */
export interface DebugRequestInfo {
  readonly method: string;
  readonly url: string;
  /** The Flagon request, when one was built (it holds headers, args and cookies). */
  readonly request: Request | null;
  /** Form fields when the body was a form and could be read; null otherwise. */
  readonly form: Iterable<[string, string]> | null;
}

/** A rendered debug page: the HTML and the headers it must be sent with. */
export interface DebugPage {
  readonly status: 500;
  readonly headers: Readonly<Record<string, string>>;
  readonly html: string;
  /** The plain-text traceback the page offers for copying. */
  readonly text: string;
}

interface ChainEntry {
  readonly error: unknown;
  readonly title: string;
  readonly frames: StackFrame[];
  readonly template: { name: string; line: number; source: SourceExcerpt | null } | null;
}

const MAX_CHAIN = 10;
const HIDDEN = '(hidden)';

/** The error, then its `cause`, its cause's cause, … (cycles and very long chains are cut). */
function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  const seen = new Set<unknown>();
  for (let current = error; current !== undefined && current !== null && !seen.has(current); ) {
    chain.push(current);
    seen.add(current);
    if (chain.length >= MAX_CHAIN || !(current instanceof Error)) break;
    current = current.cause;
  }
  return chain;
}

function titleOf(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return `Thrown value: ${typeof error === 'string' ? JSON.stringify(error) : String(error)}`;
}

function templateLocation(
  error: unknown,
  app: App,
  read: (file: string) => string[] | null,
): ChainEntry['template'] {
  const { templateName, lineno } = (error ?? {}) as { templateName?: unknown; lineno?: unknown };
  if (typeof templateName !== 'string' || typeof lineno !== 'number') return null;
  let source: SourceExcerpt | null = null;
  const folder = app.templateFolder;
  if (folder !== null) {
    const file = resolve(folder, templateName);
    // The name comes from the engine, but a page that reads files must never leave the template folder.
    if (file.startsWith(folder + sep) && existsSync(file)) {
      const lines = read(file);
      source = lines ? excerpt(lines, lineno) : null;
    }
  }
  return { name: templateName, line: lineno, source };
}

/** The plain-text traceback: each stack, then `Caused by:` and the next. */
export function plainTraceback(error: unknown): string {
  return causeChain(error)
    .map((e) => (e instanceof Error ? (e.stack ?? titleOf(e)) : titleOf(e)))
    .join('\n\nCaused by: ');
}

function renderExcerpt(source: SourceExcerpt): string {
  const rows = source.lines.map((text, i) => {
    const number = source.firstLine + i;
    const mark = number === source.current ? ' class="current"' : '';
    return `<li value="${number}"${mark}><code>${escapeHtml(text) || ' '}</code></li>`;
  });
  return `<ol class="source">${rows.join('')}</ol>`;
}

function renderFrame(frame: StackFrame, read: (file: string) => string[] | null): string {
  const where =
    frame.file === null ? escapeHtml(frame.raw) : `${escapeHtml(frame.file)}:${frame.line}:${frame.column}`;
  let body = '';
  if (frame.kind !== 'node' && frame.file !== null && frame.line !== null) {
    const lines = read(frame.file);
    const source = lines ? excerpt(lines, frame.line) : null;
    if (source) body = renderExcerpt(source);
  }
  const open = frame.kind === 'app' ? ' open' : '';
  return (
    `<details class="frame ${frame.kind}"${open}><summary><span class="kind">${frame.kind}</span> ` +
    `<b>${escapeHtml(frame.functionName)}</b> <span class="where">${where}</span></summary>${body}</details>`
  );
}

function renderTable(title: string, rows: Iterable<[string, string]>): string {
  const cells = [...rows].map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`);
  const content = cells.length ? `<table>${cells.join('')}</table>` : '<p class="empty">(none)</p>';
  return `<h3>${escapeHtml(title)}</h3>${content}`;
}

function requestSections(info: DebugRequestInfo, app: App): string {
  const request = info.request;
  const sessionCookie = app.config.SESSION_COOKIE_NAME;
  const parts = [
    renderTable('Request', [
      ['Method', info.method],
      ['URL', info.url],
    ]),
  ];
  if (request === null) return parts.join('');
  const headers: [string, string][] = request.headers
    .toRawPairs()
    .map(([name, value]) => [
      name,
      /^(cookie|authorization|proxy-authorization)$/i.test(name) ? HIDDEN : value,
    ]);
  parts.push(renderTable('Headers', headers));
  parts.push(renderTable('Query arguments', request.args.entries()));
  if (info.form !== null) parts.push(renderTable('Form', info.form));
  const cookies: [string, string][] = [...request.cookies].map(([name, value]) => [
    name,
    name === sessionCookie ? HIDDEN : value,
  ]);
  parts.push(renderTable('Cookies', cookies));
  return parts.join('');
}

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
header{background:#7a1f1f;color:#fff;padding:16px 24px}header h1{margin:0;font-size:20px;word-break:break-word}
header p{margin:4px 0 0;opacity:.85}main{padding:8px 24px 32px;max-width:1200px}
h2{font-size:17px;margin:24px 0 8px;word-break:break-word}h3{font-size:15px;margin:18px 0 6px}
.frame{border:1px solid #ddd;border-radius:4px;margin:4px 0;background:#fff}
.frame summary{padding:4px 8px;cursor:pointer;font-family:ui-monospace,monospace;font-size:12.5px;word-break:break-all}
.frame.app{border-color:#c33}.frame.library,.frame.node{opacity:.75}
.kind{display:inline-block;min-width:52px;font-size:11px;text-transform:uppercase;color:#666}
.app .kind{color:#c33;font-weight:bold}.where{color:#555}
ol.source{margin:0;padding:6px 0 6px 56px;background:#f5f5f5;font-size:12.5px;overflow-x:auto}
ol.source li{white-space:pre;color:#555}ol.source li.current{background:#fde2e2;color:#000;font-weight:bold}
.template{border:1px solid #c33;border-radius:4px;background:#fff;padding:4px 8px;margin:6px 0}
table{border-collapse:collapse;font-size:12.5px}th,td{text-align:left;vertical-align:top;padding:2px 8px;border-bottom:1px solid #eee}
th{font-family:ui-monospace,monospace;font-weight:normal;color:#555}td{font-family:ui-monospace,monospace;word-break:break-all}
textarea{width:100%;min-height:240px;font:12px ui-monospace,monospace}.empty{color:#777;margin:0}
footer{color:#777;font-size:12px;padding:0 24px 24px}`;

/**
 * Renders Flagon's debug page for an unhandled error: the exception and its chain of causes, each stack frame
 * with the source lines around it (app frames open, library and Node frames folded), the template line for
 * template errors, the request (headers, query, form, cookies; the session cookie, Cookie and Authorization
 * headers hidden), and a plain-text traceback to copy. Every value is HTML-escaped and the page runs no
 * script: its Content-Security-Policy allows only its own inline style.
 *
 * The page shows source code, so serve it only in debug mode and only to trusted clients (`flagon run`
 * checks both).
 *
 * Differs from Flask: no interactive console, so there is no PIN.
 */
export function renderDebugPage(error: unknown, app: App, info: DebugRequestInfo): DebugPage {
  const read = makeSourceReader();
  const appRoot = app.rootPath;
  const chain: ChainEntry[] = causeChain(error).map((e) => ({
    error: e,
    title: titleOf(e),
    frames: e instanceof Error && e.stack ? parseStack(e.stack, appRoot) : [],
    template: templateLocation(e, app, read),
  }));
  const sections = chain.map((entry, index) => {
    const heading = index === 0 ? '' : '<p class="empty">The above was caused by:</p>';
    const template = entry.template
      ? `<div class="template"><b>Template</b> ${escapeHtml(entry.template.name)}, line ${entry.template.line}` +
        `${entry.template.source ? renderExcerpt(entry.template.source) : ''}</div>`
      : '';
    const frames = entry.frames.map((frame) => renderFrame(frame, read)).join('');
    return `${heading}<h2>${escapeHtml(entry.title)}</h2>${template}${frames}`;
  });
  const text = plainTraceback(error);
  const nonce = randomBytes(16).toString('base64');
  const first = chain[0];
  const html =
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">' +
    `<title>${escapeHtml(first?.title ?? 'Error')} // Flagon debug page</title>` +
    `<style nonce="${nonce}">${STYLE}</style></head><body>` +
    `<header><h1>${escapeHtml(first?.title ?? 'Error')}</h1><p>${escapeHtml(info.method)} ${escapeHtml(info.url)}</p></header>` +
    `<main>${sections.join('')}<h2>Request</h2>${requestSections(info, app)}` +
    `<h2>Traceback (plain text)</h2><textarea readonly>${escapeHtml(text)}</textarea></main>` +
    '<footer>Flagon debug page: shown because the app runs in debug mode. Never run debug mode in production.</footer>' +
    '</body></html>\n';
  return {
    status: 500,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': `default-src 'none'; style-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    },
    html,
    text,
  };
}
