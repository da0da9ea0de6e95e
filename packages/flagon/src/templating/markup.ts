// Markup and escape come from the template engine, so a value marked safe in a view stays safe in a template.
export { escape, Markup } from '@flagon/templates';
