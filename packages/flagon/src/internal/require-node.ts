// Imported first by the public entry, so `import 'flagon'` on an old Node says what to install instead of
// failing later on a missing built-in. Everything flagon imports statically must link on Node 20 for this
// to run (a named import of a newer built-in export fails before any module runs); a test checks that.

/** The oldest Node.js major version Flagon runs on. */
export const MINIMUM_NODE_MAJOR = 24;

const major = Number(process.versions.node.split('.')[0]);
if (major < MINIMUM_NODE_MAJOR) {
  process.stderr.write(
    `Flagon needs Node.js ${MINIMUM_NODE_MAJOR} or newer (this is ${major}.x). Install it from ` +
      'https://nodejs.org or with a version manager (nvm install 24), then run the command again.\n',
  );
  process.exit(1);
}
