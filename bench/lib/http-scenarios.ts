// The four HTTP scenarios of the benchmark, as the load generator sends them (bench/servers/ answer them).
import { echoPayload, ROUTED_PATH } from '../servers/scenarios.ts';

/** One request the load generator repeats. */
export interface Scenario {
  name: string;
  path: string;
  method: 'GET' | 'POST';
  /** A JSON body, sent with `Content-Type: application/json`. */
  body?: string;
}

/** plaintext, json, routing (1 of 100 routes), json echo (1 KB), in the order the tables list them. */
export const SCENARIOS: readonly Scenario[] = [
  { name: 'plaintext', path: '/plaintext', method: 'GET' },
  { name: 'json', path: '/json', method: 'GET' },
  { name: 'routing (1 of 100 routes)', path: ROUTED_PATH, method: 'GET' },
  { name: 'json echo (1 KB)', path: '/echo', method: 'POST', body: echoPayload() },
];
