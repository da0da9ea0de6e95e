// Imported first by the public entry, so `import 'flagon'` on an old Node says what to install instead of
// failing later on a missing built-in. Everything flagon imports statically must link on Node 20 for this
// to run (a named import of a newer built-in export fails before any module runs); a test checks that.

/**
 * The oldest Node.js Flagon runs on: 24.2, the first with `import.meta.main`, which the apps Flagon documents and
 * scaffolds use to start their server (on 24.0 and 24.1 it is undefined and the server would silently not start).
 */
export const MINIMUM_NODE = { major: 24, minor: 2 } as const;

const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < MINIMUM_NODE.major || (major === MINIMUM_NODE.major && minor < MINIMUM_NODE.minor)) {
  process.stderr.write(
    `Flagon needs Node.js ${MINIMUM_NODE.major}.${MINIMUM_NODE.minor} or newer (this is ${process.versions.node}). ` +
      'Install it from https://nodejs.org or with a version manager (nvm install 24), then run the command again.\n',
  );
  process.exit(1);
}
