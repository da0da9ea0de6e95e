// flagon/testing: the in-process test client and CLI runner (Flask's flask.testing).
// Named re-exports only.

export { type CliResult, CliRunner, type InvokeOptions } from './cli/cli-runner.ts';
export { TestClient, type TestRequestOptions, type TestResponse } from './testing/test-client.ts';
