import { type REPLEval, start } from 'node:repl';
import type { Writable } from 'node:stream';
import type { App } from '../app/app.ts';
import type { CliIo } from './command-context.ts';
import { makeShellContext } from './shell-context.ts';

/**
 * `flagon shell`: a Node REPL with an application context pushed, so `currentApp` and `g` work, and with
 * `app`, `g`, `config` and the shell context processors' names in scope. Top-level `await` works. Resolves
 * with exit status 0 when the REPL closes (`.exit`, Ctrl-D, or the end of piped input).
 *
 * Differs from Flask: the banner names Node instead of Python; there is no `PYTHONSTARTUP` equivalent.
 */
export async function runShell(app: App, io: CliIo): Promise<number> {
  const appContext = app.appContext();
  const scope = await appContext.run(() => makeShellContext(app, appContext.g));
  const output = io.stdout as Writable & { isTTY?: boolean };
  output.write(
    `Node ${process.version} on ${process.platform}\nApp: ${app.name}\nInstance: ${app.instancePath}\n`,
  );
  const server = start({
    prompt: '> ',
    input: io.stdin,
    output,
    terminal: output.isTTY === true && (io.stdin as { isTTY?: boolean }).isTTY === true,
    useGlobal: false,
    ignoreUndefined: false,
  });
  for (const [name, value] of Object.entries(scope)) {
    Object.defineProperty(server.context, name, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  }
  // Every evaluation (and whatever it awaits) runs inside the same application context, so `g` keeps its
  // values from one line to the next.
  const evaluate = server.eval;
  const wrapped: REPLEval = (code, context, file, callback) =>
    appContext.run(() => evaluate.call(server, code, context, file, callback));
  // `eval` is typed read-only, but the REPL reads it on every line, which is what makes this wrapping work.
  (server as { eval: REPLEval }).eval = wrapped;
  return new Promise((resolve) => {
    server.on('exit', () => resolve(0));
  });
}
