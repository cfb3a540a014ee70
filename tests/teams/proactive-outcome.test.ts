/**
 * Telling "Teams certainly did not post it" from "it may have": how botbuilder surfaces the Bot Connector's
 * answers (the Azure SDK's RestError, with `statusCode` and `response.status` when Teams answered, only a network
 * `code` when no answer came). The shapes are the ones tests/teams/proactive-once.int.test.ts gets from the real
 * ConnectorClient: `{ name: "RestError", code: "ECONNRESET", message: "socket hang up" }` for a lost response.
 */
import { describe, expect, it } from "vitest";
import { isOutcomeUnknown, mayHavePosted } from "../../bots/teams/proactive.ts";

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
