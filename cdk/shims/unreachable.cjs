/**
 * Bundle-time stand-in for a module Pathfinder's Lambda functions never call (see STUBBED_MODULES in
 * cdk/bundling.ts, which names each one and why its code path is unreachable on Lambda). botbuilder's CommonJS
 * files `require` these at load and some `extends` a class from them, so every export must exist and be
 * extendable; any actual use (a call, `new`, a static member) throws an error naming the module and the reason.
 * CommonJS on purpose: a Proxy as `module.exports` answers for every export name without listing them.
 */
"use strict";

module.exports = function unreachableModule(moduleName, reason) {
  const fail = (what) => {
    throw new Error(
      `${what} from ${moduleName} is not bundled into Pathfinder's Lambda functions (${reason}); see STUBBED_MODULES in cdk/bundling.ts`,
    );
  };
  const member = (name) =>
    new Proxy(class Unavailable {}, {
      construct: () => fail(`new ${name}()`),
      apply: () => fail(`${name}()`),
      get: (target, key) =>
        typeof key === "symbol" || key in target ? Reflect.get(target, key) : () => fail(`${name}.${key}()`),
    });
  return new Proxy(
    {},
    {
      // No __esModule, no thenable: esbuild's interop and `await import()` must see a plain CommonJS object.
      get: (_target, key) =>
        typeof key === "symbol" || key === "__esModule" || key === "then" ? undefined : member(key),
    },
  );
};
