import {
  type Blueprint,
  currentApp,
  type ErrorHandler,
  type Flagon,
  g,
  type Request,
  type Response,
  request,
  session,
} from 'flagon';
import { initForms } from '../templates.ts';
import { type CsrfSettings, csrfSettings } from './config.ts';
import { CSRFError, CSRFValidationError } from './csrf-error.ts';
import { originProblem } from './origin.ts';
import { generateCsrf, validateCsrf } from './tokens.ts';

/** What `exempt` accepts: a view function, a route (`app.post(…)`'s result), a blueprint, or an endpoint name. */
export type Exemptible = ((...args: never[]) => unknown) | Blueprint | { readonly endpoint: string } | string;

const EXTENSION_KEY = 'csrf';

/**
 * Flask-WTF's CSRF protection: every POST, PUT, PATCH and DELETE (`WTF_CSRF_METHODS`) must carry the token
 * from `csrf_token()`, in the form field `csrf_token` (or a prefixed form's `<prefix>-csrf_token`) or in an
 * `X-CSRFToken` / `X-CSRF-Token` header; otherwise the request stops with a `CSRFError` (400) before the view
 * runs. On HTTPS (with `WTF_CSRF_SSL_STRICT`, the default) the request must also come from the app's own
 * origin or one in `WTF_CSRF_TRUSTED_ORIGINS`. Tokens, session key and signing are Flask-WTF's, so one
 * `SECRET_KEY` serves a Flask and a Flagon app.
 *
 * Differs from Flask-WTF: `SECRET_KEY_FALLBACKS` verify tokens too; a blueprint's exemption covers its nested
 * blueprints; `Sec-Fetch-Site` and `Origin` are read before `Referer`.
 *
 * @example
 * const csrf = new CSRFProtect(app);
 * app.post('/webhook', csrf.exempt(function webhook() { return 'ok'; }));
 * // template: <input type="hidden" name="csrf_token" value="{{ csrf_token() }}">
 */
export class CSRFProtect {
  readonly #views = new WeakSet<object>();
  readonly #blueprints = new WeakSet<object>();
  readonly #names = new Set<string>();
  readonly #errorHandlers: ErrorHandler<CSRFError>[] = [];
  readonly #apps = new WeakSet<Flagon>();

  constructor(app?: Flagon) {
    if (app !== undefined) this.initApp(app);
  }

  /**
   * Protects `app`: registers the check as a before-request hook, the template globals `csrf_token()` and
   * `csrf_meta_tag()`, the `flagon/forms.html` macros, and a hook that creates the session token before a
   * streamed HTML response sends its headers (a template streamed later could no longer set the cookie).
   * @throws SetupError when the app has already served a request.
   */
  initApp(app: Flagon): void {
    if (this.#apps.has(app)) return;
    this.#apps.add(app);
    app.extensions.set(EXTENSION_KEY, this);
    initForms(app);
    app.beforeRequest(() => this.#beforeRequest());
    app.afterRequest((response) => ensureTokenBeforeStreaming(response));
    for (const handler of this.#errorHandlers) app.errorHandler(CSRFError, handler);
  }

  /**
   * Leaves a view, a route, an endpoint name or a whole blueprint (with the blueprints nested in it) out of the
   * automatic check. Returns its argument, so it can wrap a view where it is declared.
   */
  exempt<T extends Exemptible>(target: T): T {
    if (typeof target === 'string') this.#names.add(target);
    else if (typeof target === 'function') this.#views.add(target);
    else if ('registerBlueprint' in (target as object)) this.#blueprints.add(target as object);
    else this.#names.add((target as { readonly endpoint: string }).endpoint);
    return target;
  }

  /**
   * Handles `CSRFError` on every app this object protects (`app.errorHandler(CSRFError, handler)` does the
   * same for one app).
   */
  errorHandler(handler: ErrorHandler<CSRFError>): ErrorHandler<CSRFError> {
    this.#errorHandlers.push(handler);
    return handler;
  }

  /**
   * Checks the current request now, whatever its method and exemptions (Flask-WTF's `protect`); use it in a
   * view when `WTF_CSRF_CHECK_DEFAULT` is false.
   * @throws CSRFError with the reason the request was refused.
   */
  async protect(): Promise<void> {
    await checkRequest(request, csrfSettings(currentApp));
  }

  #beforeRequest(): Promise<void> | undefined {
    const app = currentApp;
    const settings = csrfSettings(app);
    if (!settings.enabled || !settings.checkDefault) return undefined;
    const req = request;
    if (!settings.methods.has(req.method)) return undefined;
    const endpoint = req.endpoint;
    if (endpoint === null || this.#isExempt(app, endpoint)) return undefined;
    return checkRequest(req, settings);
  }

  #isExempt(app: Flagon, endpoint: string): boolean {
    if (this.#names.has(endpoint)) return true;
    const view = app.viewFunctions.get(endpoint);
    if (view !== undefined && this.#views.has(view)) return true;
    // 'outer.inner.view' is in blueprints 'outer.inner' then 'outer': an exempt parent covers its children.
    let dot = endpoint.lastIndexOf('.');
    while (dot > 0) {
      const name = endpoint.slice(0, dot);
      const blueprint = app.blueprints.get(name);
      if (this.#names.has(name) || (blueprint !== undefined && this.#blueprints.has(blueprint as object))) {
        return true;
      }
      dot = endpoint.lastIndexOf('.', dot - 1);
    }
    return false;
  }
}

/** The token the client sent: the form field, a prefixed form's field, then the headers. */
async function tokenFrom(req: Request, settings: CsrfSettings): Promise<string | null> {
  const form = await req.form;
  const own = form.get(settings.fieldName);
  if (typeof own === 'string' && own !== '') return own;
  const suffix = `-${settings.fieldName}`;
  for (const key of form.keys()) {
    if (!key.endsWith(suffix)) continue;
    const value = form.get(key);
    if (typeof value === 'string' && value !== '') return value;
  }
  for (const name of settings.headers) {
    const value = req.headers.get(name);
    if (value) return value;
  }
  return null;
}

async function checkRequest(req: Request, settings: CsrfSettings): Promise<void> {
  try {
    validateCsrf(await tokenFrom(req, settings));
  } catch (error) {
    if (error instanceof CSRFValidationError) throw new CSRFError(error.message, { cause: error });
    throw error;
  }
  if (req.isSecure && settings.sslStrict) {
    const problem = originProblem(req, settings.trustedOrigins);
    if (problem !== null) throw new CSRFError(problem);
  }
  g.csrf_valid = true;
}

function ensureTokenBeforeStreaming(response: Response): Response {
  if (!response.isStreamed || response.mimetype !== 'text/html') return response;
  const app = currentApp;
  const settings = csrfSettings(app);
  if (!settings.enabled || session.has(settings.fieldName)) return response;
  const key = app.config.get('WTF_CSRF_SECRET_KEY') ?? app.config.SECRET_KEY;
  if (key) generateCsrf();
  return response;
}
