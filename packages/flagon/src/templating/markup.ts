// Markup and escape come from the template engine, so a value marked safe in a view stays safe in a template.
// The `markup` entry point loads only them, not the whole engine (which is loaded on the first render).
export { escape, Markup } from '@flagon/templates/markup';
