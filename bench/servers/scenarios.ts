// The four HTTP scenarios every server in the benchmark implements identically.
export const ROUTE_COUNT = 100;
/** The routed request hits a rule in the middle of the table, so neither first nor last wins. */
export const ROUTED_PATH = `/api/r${ROUTE_COUNT / 2}/items/12345`;
export const JSON_BODY = { message: 'Hello, World!' };
export const PLAINTEXT = 'Hello, World!';

/** A 1 KB JSON document for the echo scenario. */
export function echoPayload(): string {
  const items = [];
  for (let i = 0; items.length < 12; i++)
    items.push({ id: i, name: `item-${i}`, tags: ['a', 'b'], ok: i % 2 === 0 });
  const text = JSON.stringify({ items, note: 'x'.repeat(100) });
  return text.padEnd(1024, ' ');
}
