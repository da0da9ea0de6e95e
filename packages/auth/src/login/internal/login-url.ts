/** Building the login view's URL with `next`, as Flask-Login's `make_login_url` and `make_next_param`. */
import { currentApp, urlFor } from 'flagon';

/** The innermost blueprint of an endpoint (`admin.users.list` → `admin.users`), as Flask's `request.blueprint`. */
export function blueprintOf(endpoint: string | null): string | null {
  if (endpoint === null) return null;
  const dot = endpoint.lastIndexOf('.');
  return dot === -1 ? null : endpoint.slice(0, dot);
}

export function expandLoginView(view: string): string {
  return /^(?:https?:\/\/|\/)/.test(view) ? view : urlFor(view);
}

/** Flask-Login's make_next_param: the current URL without scheme and host when the login URL is on the same site. */
export function makeNextParam(loginUrl: string, currentUrl: string): string {
  const login = splitUrl(loginUrl);
  const current = splitUrl(currentUrl);
  if (
    (!login.scheme || login.scheme === current.scheme) &&
    (!login.netloc || login.netloc === current.netloc)
  ) {
    return current.query ? `${current.path}?${current.query}` : current.path;
  }
  return currentUrl;
}

export function makeLoginUrl(loginUrl: string, nextUrl: string): string {
  const hash = loginUrl.indexOf('#');
  const fragment = hash === -1 ? '' : loginUrl.slice(hash);
  const base = hash === -1 ? loginUrl : loginUrl.slice(0, hash);
  const question = base.indexOf('?');
  const path = question === -1 ? base : base.slice(0, question);
  const params = new URLSearchParams(question === -1 ? '' : base.slice(question + 1));
  params.set('next', makeNextParam(loginUrl, nextUrl));
  params.sort();
  let url = `${path}?${params.toString()}${fragment}`;
  const forcedHost = currentApp.config.get('FORCE_HOST_FOR_REDIRECTS', null);
  if (typeof forcedHost === 'string' && forcedHost !== '') {
    const parts = splitUrl(url);
    url = `${parts.scheme ? `${parts.scheme}:` : ''}//${forcedHost}${parts.path}?${parts.query}${fragment}`;
  }
  return url;
}

function splitUrl(url: string): { scheme: string; netloc: string; path: string; query: string } {
  const match = /^(?:([A-Za-z][A-Za-z0-9+.-]*):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?/.exec(url);
  return {
    scheme: match?.[1] ?? '',
    netloc: match?.[2] ?? '',
    path: match?.[3] ?? '',
    query: match?.[4] ?? '',
  };
}
