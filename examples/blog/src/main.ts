// `npm start`: apply the migrations (all of them on a fresh clone), then serve the blog at http://127.0.0.1:5000.
import { closeApp, createApp } from './app.ts';
import { upgradeDatabase } from './db.ts';

let app: ReturnType<typeof createApp>;
try {
  app = createApp();
  for (const name of await app.appContext().run(() => upgradeDatabase(app)))
    console.log(`Applied migration ${name}`);
} catch (error) {
  console.error(`Error: ${(error as Error).message}`);
  process.exit(1);
}
// app.listen prints the banner; a taken port gets flagon run's message, without a stack trace.
const server = await app
  .listen({ host: process.env.HOST ?? '127.0.0.1', port: Number(process.env.PORT ?? 5000) })
  .catch((error: Error) => {
    console.error(`Error: ${error.message}`);
    process.exit(1);
  });
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void server
      .close()
      .then(() => closeApp(app))
      .then(() => process.exit(0));
  });
}
