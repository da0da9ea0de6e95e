import { Blueprint, escape, type Flagon, Markup } from 'flagon';
import { generateCsrf } from './csrf/tokens.ts';

const BLUEPRINT_NAME = 'flagon_forms';

/**
 * Makes @flagon/forms' templates and template globals available to an app: the macros in
 * `flagon/forms.html` (`{% from "flagon/forms.html" import render_field %}`), and the globals `csrf_token()`
 * and `csrf_meta_tag()`. `new CSRFProtect(app)` calls it; call it yourself to render forms without CSRFProtect.
 * Idempotent. The templates come from this package's `templates/` folder through a blueprint holding only
 * that folder (as Flask extensions ship theirs), so an app's own `templates/flagon/forms.html` overrides it.
 *
 * @example
 * initForms(app);
 * @throws SetupError when called after the app has served its first request.
 */
export function initForms(app: Flagon): void {
  if (app.blueprints.has(BLUEPRINT_NAME)) return;
  app.registerBlueprint(new Blueprint(BLUEPRINT_NAME, import.meta.url, { templateFolder: '../templates' }));
  app.templateGlobal(function csrf_token() {
    return generateCsrf();
  });
  app.templateGlobal(function csrf_meta_tag() {
    return csrfMetaTag();
  });
}

/** `<meta name="csrf-token" content="…">` for scripts that send the token in an `X-CSRFToken` header. */
export function csrfMetaTag(): Markup {
  return new Markup(`<meta name="csrf-token" content="${escape(generateCsrf())}">`);
}
