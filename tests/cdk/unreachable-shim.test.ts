/**
 * cdk/shims/unreachable.cjs, the stand-in for modules botbuilder requires but Pathfinder never reaches
 * (STUBBED_MODULES in cdk/esbuild-plugins.ts): loading and extending it must work, as botbuilder does both at load,
 * and any use must fail with a sentence naming the module and why it is not there.
 */
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const unreachable = require("../../cdk/shims/unreachable.cjs") as (
  name: string,
  reason: string,
) => Record<string, new (...args: unknown[]) => unknown>;

describe("the unreachable-module stub", () => {
  const stub = unreachable("botframework-streaming", "a Lambda function URL serves plain HTTPS POSTs");

  it("can be extended at load, as botbuilder's StreamingRequestHandler does", () => {
    const RequestHandler = stub.RequestHandler as new () => object;
    expect(() => class StreamingRequestHandler extends RequestHandler {}).not.toThrow();
  });

  it("throws a clear error when anything in it is used", () => {
    const NamedPipeServer = stub.NamedPipeServer as new (name: string) => unknown;
    expect(() => new NamedPipeServer("pipe")).toThrow(
      /new NamedPipeServer\(\) from botframework-streaming is not bundled .*function URL serves plain HTTPS POSTs/,
    );
    const StreamingRequest = stub.StreamingRequest as unknown as { create(verb: string): unknown };
    expect(() => StreamingRequest.create("GET")).toThrow(
      /StreamingRequest\.create\(\) from botframework-streaming/,
    );
  });

  it("looks like a plain CommonJS module to esbuild's interop and to await", () => {
    expect((stub as Record<string, unknown>).__esModule).toBeUndefined();
    expect((stub as Record<string, unknown>).then).toBeUndefined();
  });
});
