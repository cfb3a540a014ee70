/**
 * Telling "Teams certainly did not post it" from "it may have": how botbuilder surfaces the Bot Connector's
 * answers (the Azure SDK's RestError, with `statusCode` and `response.status` when Teams answered, only a network
 * `code` when no answer came). The shapes are the ones tests/teams/proactive-once.int.test.ts gets from the real
 * ConnectorClient: `{ name: "RestError", code: "ECONNRESET", message: "socket hang up" }` for a lost response.
 */
import type { TurnContext } from "botbuilder";
import { describe, expect, it } from "vitest";
import { atMostOnceGuard, isOutcomeUnknown, mayHavePosted } from "../../bots/teams/proactive.ts";

const answered = (status: number) => ({ name: "RestError", statusCode: status, response: { status } });
const noAnswer = (code?: string) => ({ name: "RestError", ...(code ? { code } : {}) });

describe("mayHavePosted", () => {
  it.each([400, 401, 403, 404, 429, 500, 503])(
    "is false for an HTTP %i: Teams refused, nothing posted",
    (status) => {
      expect(mayHavePosted(answered(status))).toBe(false);
    },
  );

  it.each([502, 504])("is true for a gateway's HTTP %i: the service behind it may have posted", (status) => {
    expect(mayHavePosted(answered(status))).toBe(true);
  });

  it("is true for a 2xx whose body could not be read: Teams took it", () => {
    expect(mayHavePosted(answered(201))).toBe(true);
  });

  it("reads the status from the response when the error carries no statusCode", () => {
    expect(mayHavePosted({ name: "RestError", response: { status: 503 } })).toBe(false);
    expect(mayHavePosted({ name: "RestError", response: { status: 504 } })).toBe(true);
  });

  it.each(["ECONNRESET", "ETIMEDOUT", "ESOCKETTIMEDOUT", "EPIPE", "REQUEST_SEND_ERROR"])(
    "is true for %s: the request may have reached Teams before the connection failed",
    (code) => {
      expect(mayHavePosted(noAnswer(code))).toBe(true);
    },
  );

  it("is true for an abort with no code (a timeout cut the wait short)", () => {
    expect(mayHavePosted({ name: "AbortError", message: "The operation was aborted." })).toBe(true);
  });

  it.each(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH"])(
    "is false for %s: no connection was made, so nothing was sent",
    (code) => {
      expect(mayHavePosted(noAnswer(code))).toBe(false);
    },
  );
});

describe("isOutcomeUnknown", () => {
  it("tells a sender's unknown outcome from sent, failed and an id", () => {
    expect(isOutcomeUnknown({ outcome: "unknown", reason: "socket hang up" })).toBe(true);
    expect([true, false, undefined, "1700000900001", null, {}].map(isOutcomeUnknown)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe("atMostOnceGuard", () => {
  const KEY = Symbol("ConnectorClient");
  /** A turn context whose ConnectorClient is `connector` (undefined: none, as under TestAdapter). */
  const contextWith = (connector: unknown) =>
    ({
      adapter: { ConnectorClientKey: KEY },
      turnState: new Map([[KEY, connector]]),
    }) as unknown as TurnContext;

  it("adds its policy after the retry policy when the connector has a pipeline, and says nothing", () => {
    // Prepare
    const added: { name: string; afterPhase?: string }[] = [];
    const pipeline = {
      addPolicy: (policy: { name: string }, options?: { afterPhase?: string }) =>
        added.push({ name: policy.name, ...options }),
      removePolicy: () => [],
    };
    const warned: string[] = [];
    // Act
    atMostOnceGuard("a reply", (message) => warned.push(message))(contextWith({ client: { pipeline } }));
    // Assess
    expect(added).toEqual([{ name: "pathfinderPostAtMostOnce", afterPhase: "Retry" }]);
    expect(warned).toEqual([]);
  });

  it("warns once, naming the posts, when the connector changed shape (a botbuilder upgrade)", () => {
    // Prepare
    const warned: string[] = [];
    const guard = atMostOnceGuard("the digest", (message) => warned.push(message));
    // Act
    guard(contextWith({ client: {} }));
    guard(contextWith({ client: {} }));
    // Assess
    expect(warned).toEqual([expect.stringContaining("re-posting the digest after a lost response")]);
  });

  it("says nothing when there is no connector (TestAdapter: nothing is POSTed or retried)", () => {
    // Prepare
    const warned: string[] = [];
    // Act
    atMostOnceGuard("a reply", (message) => warned.push(message))(contextWith(undefined));
    // Assess
    expect(warned).toEqual([]);
  });
});
