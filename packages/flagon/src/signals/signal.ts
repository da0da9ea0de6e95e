/** A small typed signal, like blinker's: receivers subscribe, the framework sends. */

/** A receiver: called with the sender, then the signal's arguments. May be async; `send` awaits it. */
export type Receiver<Args extends unknown[], S = unknown> = (
  sender: S,
  ...args: Args
) => void | Promise<void>;

/** Options of `Signal.connect`. */
export interface ConnectOptions<S = unknown> {
  /** Only receive sends from this sender (compared with `===`). Default: every sender. */
  sender?: S;
  /**
   * Always false: receivers are held strongly until disconnected.
   * Differs from Flask: blinker holds receivers weakly by default; JavaScript has no weak functions worth the name.
   */
  weak?: false;
}

interface Connection<Args extends unknown[], S> {
  readonly receiver: Receiver<Args, S>;
  readonly anySender: boolean;
  readonly sender: unknown;
}

const RESOLVED: Promise<void> = Promise.resolve();

/**
 * A named event with typed arguments. `connect` subscribes a receiver and returns the function that disconnects
 * it; `send` calls the receivers in the order they connected.
 *
 * Receivers that return nothing run synchronously inside `send`, before it returns, so even a `send` that is
 * not awaited has reached them; the first receiver that returns a promise is awaited before the next one runs.
 * An error thrown by a receiver stops the send: later receivers do not run and the returned promise rejects
 * with that error (as in blinker, where the exception propagates to the sender).
 *
 * Sending costs one array-length check when nobody listens; the framework also checks `hasReceivers` before
 * building costly arguments.
 *
 * Differs from Flask: `send` resolves to nothing (blinker returns the receivers' return values), and arguments
 * are positional rather than keyword arguments.
 *
 * @example
 * const userCreated = new Signal<[user: User]>('user-created');
 * const off = userCreated.connect((sender, user) => log(user.name));
 * await userCreated.send(app, user);
 * off();
 */
export class Signal<Args extends unknown[] = [], S = unknown> {
  /** The name given to the constructor, for debugging. */
  readonly name: string;
  /** What the signal means and when it is sent. */
  readonly doc: string;
  #connections: Connection<Args, S>[] = [];

  constructor(name: string, doc = '') {
    this.name = name;
    this.doc = doc;
  }

  /**
   * Subscribes `receiver`; with `sender`, only to sends from that sender. Connecting the same receiver for
   * the same sender twice keeps one connection.
   *
   * @returns A function that disconnects this receiver (for this sender).
   * @throws TypeError when `receiver` is not a function.
   */
  connect(receiver: Receiver<Args, S>, options: ConnectOptions<S> = {}): () => void {
    if (typeof receiver !== 'function') {
      throw new TypeError(`Signal '${this.name}': connect() takes a function, got ${typeof receiver}.`);
    }
    if ((options as { weak?: unknown }).weak === true) {
      throw new TypeError(
        `Signal '${this.name}': weak receivers are not supported; omit "weak" or pass false.`,
      );
    }
    const anySender = !('sender' in options);
    const sender = options.sender;
    const exists = this.#connections.some(
      (c) => c.receiver === receiver && c.anySender === anySender && (anySender || c.sender === sender),
    );
    // Copy on write: a send in progress keeps iterating the array it started with.
    if (!exists) this.#connections = [...this.#connections, { receiver, anySender, sender }];
    return anySender
      ? () => this.disconnect(receiver)
      : () => this.disconnect(receiver, { sender: sender as S });
  }

  /**
   * Unsubscribes `receiver`: with `sender`, only its connection for that sender; without, all its connections.
   * Disconnecting a receiver that is not connected does nothing.
   */
  disconnect(receiver: Receiver<Args, S>, options: { sender?: S } = {}): void {
    const bySender = 'sender' in options;
    this.#connections = this.#connections.filter(
      (c) => c.receiver !== receiver || (bySender && (c.anySender || c.sender !== options.sender)),
    );
  }

  /**
   * Calls every receiver connected for any sender or for `sender`, in connection order, awaiting async ones.
   * Connections made or removed during a send apply from the next send.
   *
   * @returns A promise that resolves when the last receiver is done, or rejects with the first receiver error.
   */
  send(sender: S, ...args: Args): Promise<void> {
    const connections = this.#connections;
    if (connections.length === 0) return RESOLVED;
    for (let i = 0; i < connections.length; i++) {
      const c = connections[i] as Connection<Args, S>;
      if (!c.anySender && c.sender !== sender) continue;
      let result: unknown;
      try {
        result = c.receiver(sender, ...args);
      } catch (error) {
        return Promise.reject(error);
      }
      if (isThenable(result)) return this.#finishAsync(result, connections, i + 1, sender, args);
    }
    return RESOLVED;
  }

  /**
   * Calls the receivers synchronously, for senders that cannot wait (`flash()`, `appContext().run`). An error
   * thrown by a receiver propagates to the caller.
   *
   * @throws TypeError when a receiver returns a promise: this signal is sent synchronously, so its receivers
   *   must not be async. The receivers after it do not run.
   */
  sendSync(sender: S, ...args: Args): void {
    const connections = this.#connections;
    for (const c of connections) {
      if (!c.anySender && c.sender !== sender) continue;
      const result = c.receiver(sender, ...args);
      if (isThenable(result)) {
        // The problem is reported by the TypeError below; an extra unhandled rejection would only add noise.
        Promise.resolve(result).catch(() => {});
        throw new TypeError(
          `Signal '${this.name}' is sent synchronously, but the receiver ${c.receiver.name || '(anonymous)'} ` +
            'returned a promise. Make the receiver synchronous, or start the async work without returning it.',
        );
      }
    }
  }

  async #finishAsync(
    pending: PromiseLike<unknown>,
    connections: readonly Connection<Args, S>[],
    from: number,
    sender: S,
    args: Args,
  ): Promise<void> {
    await pending;
    for (let i = from; i < connections.length; i++) {
      const c = connections[i] as Connection<Args, S>;
      if (!c.anySender && c.sender !== sender) continue;
      await c.receiver(sender, ...args);
    }
  }

  /** The connected receivers, in connection order (a receiver connected for two senders appears twice). */
  get receivers(): readonly Receiver<Args, S>[] {
    return this.#connections.map((c) => c.receiver);
  }

  /** True when at least one receiver is connected (for any sender). */
  get hasReceivers(): boolean {
    return this.#connections.length > 0;
  }

  /** True when a send from `sender` would reach at least one receiver. */
  hasReceiversFor(sender: S): boolean {
    return this.#connections.some((c) => c.anySender || c.sender === sender);
  }

  /**
   * Connects `receiver` while `fn` runs and disconnects it afterwards, even when `fn` throws. Meant for tests.
   *
   * @example
   * const seen: Response[] = [];
   * await requestFinished.connectedTo((app, response) => { seen.push(response); }, () => client.get('/'));
   */
  async connectedTo<T>(
    receiver: Receiver<Args, S>,
    fn: () => T | Promise<T>,
    options: ConnectOptions<S> = {},
  ): Promise<T> {
    const disconnect = this.connect(receiver, options);
    try {
      return await fn();
    } finally {
      disconnect();
    }
  }

  toString(): string {
    return `Signal(${this.name})`;
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
