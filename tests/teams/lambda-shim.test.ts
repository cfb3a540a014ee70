/** The Teams request body is read by a zod schema before botbuilder sees it: the reasons a body is refused. */
import { describe, expect, it } from "vitest";
import { parseActivityBody } from "../../bots/teams/lambda-shim.ts";
import { fixture as readFixture } from "./fakes.ts";

describe("Teams activity body", () => {
  it("accepts a documented message activity and keeps every field botbuilder reads", () => {
    // Prepare
    const fixture = readFixture("personal-message");

    // Act
    const body = parseActivityBody(JSON.stringify(fixture));

    // Assess
    expect(body).toEqual({ ok: true, activity: fixture });
  });

  it.each([
    ["{not json", "Request body is not JSON"],
    ["[]", "Request body is not an activity: it is not a JSON object"],
    ["null", "Request body is not an activity: it is not a JSON object"],
    [
      `{"id":"x"}`,
      `Request body is not an activity: "type": Invalid input: expected string, received undefined`,
    ],
    [
      `{"type":""}`,
      `Request body is not an activity: "type": Too small: expected string to have >=1 characters`,
    ],
    [
      `{"type":"message","from":{"id":7},"text":["hi"]}`,
      `Request body is not an activity: "from.id": Invalid input: expected string, received number; "text": Invalid input: expected string, received array`,
    ],
  ])("refuses %s with a reason naming what is wrong", (text, error) => {
    expect(parseActivityBody(text)).toEqual({ ok: false, error });
  });
});
