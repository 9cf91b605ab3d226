/**
 * `Symbol.dispose` / `Symbol.asyncDispose` for engines that lack them (Node ≥ 20.4 and
 * current browsers define both): the registered symbols TypeScript's `using` falls back to.
 */
const symbols = Symbol as unknown as { dispose?: symbol; asyncDispose?: symbol };
symbols.dispose ??= Symbol.for('Symbol.dispose');
symbols.asyncDispose ??= Symbol.for('Symbol.asyncDispose');

export {};
