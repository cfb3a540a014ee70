/**
 * Issue 12, "faults lose nothing": DynamoDB killed and restarted during a burst of blocker reports,
 * through the real Lambda handlers, the fake Slack API and a simulated SQS (tests/slack/fault-run.ts).
 * Before the fix some people got nothing: a claim whose release failed during the outage lived 24 h and
 * the redelivery was dropped as a duplicate. The full 200-report run is `npm run bench faults`.
 */
import { describe, expect, it } from "vitest";
import { runFaultScenario } from "./fault-run.ts";

describe("DynamoDB killed and restarted mid-burst", () => {
  it("loses no report, duplicates nothing, and tells every person", { timeout: 240_000 }, async () => {
    // Act: 30 reports at about 60 a second; DynamoDB Local is SIGKILLed after 8 are done, restarted 1.5 s later.
    const result = await runFaultScenario({
      name: "kill-restart",
      reports: 30,
      gapMs: 16,
      visibilityMs: 8_000,
      lambdaTimeoutMs: 4_000,
      dynamoOutage: { afterProcessed: 8, restartAfterMs: 1_500 },
      settleTimeoutMs: 180_000,
    });

    // Assess
    expect(result.settled).toBe(true);
    expect(result.lost).toBe(0);
    expect(result.silent).toBe(0);
    expect(result.duplicateReports).toBe(0);
    expect(result.duplicatedMessages).toBe(0);
    expect(result.repeatedApologies).toBe(0);
    expect(result.toldAnswer + result.toldApology).toBe(30);
  });
});
