/**
 * The volunteer form (issue 16) as each surface shows it: core describes it once (bots/core/forms.ts), and the
 * Slack modal and Teams card renderers built for issue 15's forms render it, within each platform's limits.
 */
import { describe, expect, it } from "vitest";
import { renderFormModal } from "../../../bots/slack/forms.ts";
import { renderFormCardContent } from "../../../bots/teams/forms.ts";
import { createMemoryPathfinder } from "../../support/memory-pathfinder.ts";

async function volunteerForm() {
  const { core } = createMemoryPathfinder().app;
  const opened = await core.openForm({
    actor: { platform: "slack", userId: "U0JO1", displayName: "Jo Okafor" },
    formId: "ambassador.volunteer",
    conversation: { id: "D0JO", kind: "personal" },
    eventId: "open-1",
  });
  if (!("form" in opened)) throw new Error("expected the volunteer form");
  return opened.form;
}

describe("the volunteer form on each surface", () => {
  it("renders as a Slack modal with one input per field and the topics as a multi-select", async () => {
    const modal = renderFormModal(await volunteerForm(), { channel: "D0JO" });
    expect(modal.type).toBe("modal");
    expect(modal.title.text.length).toBeLessThanOrEqual(24);
    const inputs = modal.blocks.filter((b) => b.type === "input");
    expect(inputs).toHaveLength(6);
    expect(JSON.stringify(modal.blocks)).toContain("multi_static_select");
    expect(JSON.stringify(modal.blocks)).toContain("Jo Okafor");
  });

  it("renders as a Teams Adaptive Card form with the same fields", async () => {
    const card = renderFormCardContent(await volunteerForm(), { mode: "execute" });
    const ids = JSON.stringify(card);
    for (const id of ["displayName", "categories", "serviceAreas", "region", "bio", "monthlyCapacity"]) {
      expect(ids).toContain(`"id":"${id}"`);
    }
    expect(ids).toContain('"isMultiSelect":true');
  });
});
