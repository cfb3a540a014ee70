/**
 * How the Teams digest poster tells delivery what a failed post means: refused (retry it: a 500, a 503, a refused
 * connection, or a permanent 4xx), or may have been posted (never retry it: a lost answer, a gateway's 502/504).
 * Error shapes as in tests/teams/proactive-outcome.test.ts (the real ConnectorClient's RestError).
 */
import { describe, expect, it } from "vitest";
import { classifyTeamsError } from "../../bots/teams/digest-poster.ts";
import { TeamsPostOutcomeUnknownError } from "../../bots/teams/proactive.ts";
import {
  DeliveryOutcomeUnknownError,
  PermanentDeliveryError,
  TransientDeliveryError,
} from "../../digest/ports.ts";

const answered = (status: number) => ({
  name: "RestError",
  message: `HTTP ${status}`,
  statusCode: status,
  response: { status, headers: { get: (name: string) => (name === "retry-after" ? "7" : "") } },
});

describe("classifyTeamsError", () => {
  it("keeps a post whose answer was lost from being retried (the SDK's guard raised it)", () => {
    const lost = new TeamsPostOutcomeUnknownError(
      "Teams may have taken the post, but no answer came back: socket hang up",
    );
    const classified = classifyTeamsError(lost);
    expect(classified).toBeInstanceOf(DeliveryOutcomeUnknownError);
    expect(classified.message).toBe(lost.message);
    expect(classified.cause).toBe(lost);
  });

  it.each([502, 504])(
    "treats a gateway's HTTP %i as possibly posted, not as a failure to retry",
    (status) => {
      expect(classifyTeamsError(answered(status))).toBeInstanceOf(DeliveryOutcomeUnknownError);
    },
  );

  it("treats a reset connection without the guard (a botbuilder upgrade) as possibly posted", () => {
    const reset = { name: "RestError", code: "ECONNRESET", message: "socket hang up" };
    expect(classifyTeamsError(reset)).toBeInstanceOf(DeliveryOutcomeUnknownError);
  });

  it.each([500, 503, 429])("retries HTTP %i: Teams refused it, nothing was posted", (status) => {
    const classified = classifyTeamsError(answered(status));
    expect(classified).toBeInstanceOf(TransientDeliveryError);
    expect(classified.message).toBe(`Teams answered HTTP ${status}`);
    expect((classified as TransientDeliveryError).retryAfterMs).toBe(7_000);
  });

  it("retries a refused connection: no request was sent", () => {
    const refused = { name: "RestError", code: "ECONNREFUSED", message: "connect ECONNREFUSED 127.0.0.1:9" };
    expect(classifyTeamsError(refused)).toBeInstanceOf(TransientDeliveryError);
  });

  it("retries a failure raised before any post (not from the wire)", () => {
    const classified = classifyTeamsError(new Error("token endpoint unreachable"));
    expect(classified).toBeInstanceOf(TransientDeliveryError);
    expect(classified.message).toBe("Teams could not be reached: token endpoint unreachable");
  });

  it.each([400, 401, 403, 404])("gives up on HTTP %i until someone fixes it", (status) => {
    expect(classifyTeamsError(answered(status))).toBeInstanceOf(PermanentDeliveryError);
  });
});
