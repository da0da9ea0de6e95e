/** Plain data carriers standing in for the app, request and response in session interface tests. */

import type {
  CookieOptions,
  SessionApp,
  SessionRequest,
  SessionResponse,
} from '../../../src/sessions/session-interface.ts';

export interface FakeApp extends SessionApp {
  readonly warnings: string[];
}

export function fakeApp(config: Record<string, unknown> = {}): FakeApp {
  const warnings: string[] = [];
  return {
    config: { SECRET_KEY: 'secret', ...config },
    logger: { warning: (message: string) => warnings.push(message) },
    warnings,
  };
}

export function fakeRequest(cookies: Record<string, string> = {}): SessionRequest {
  return { cookies: { get: (name: string) => cookies[name] } };
}

type DeleteOptions = Parameters<SessionResponse['deleteCookie']>[1];

export class FakeResponse implements SessionResponse {
  readonly set: Array<{ name: string; value: string; options: CookieOptions | undefined }> = [];
  readonly deleted: Array<{ name: string; options: DeleteOptions }> = [];
  readonly headers = new Headers();

  setCookie(name: string, value: string, options?: CookieOptions): void {
    this.set.push({ name, value, options });
  }

  deleteCookie(name: string, options?: DeleteOptions): void {
    this.deleted.push({ name, options });
  }

  /** The one cookie value that was set. */
  get cookie(): string {
    if (this.set.length !== 1) throw new Error(`expected one cookie to be set, got ${this.set.length}`);
    return this.set[0]!.value;
  }
}
