/**
 * The composition root's lazy posters and senders (app/digest-posters.ts, app/reminder-senders.ts) load once per
 * container and try again after a failed load, so one unreadable chunk does not fail every later post.
 */
import { describe, expect, it } from "vitest";
import { loadOnce } from "../../app/load-once.ts";

describe("loadOnce", () => {
  it("loads on the first call only, and every call gets what it loaded", async () => {
    // Prepare
    let loads = 0;
    const load = loadOnce(async () => ({ n: ++loads }));

    // Act
    const [first, second] = await Promise.all([load(), load()]);
    const third = await load();

    // Assess
    expect(loads).toBe(1);
    expect(first).toBe(second);
    expect(third).toBe(first);
  });

  it("forgets a failed load, so the next call loads again and then keeps that one", async () => {
    // Prepare: the first load fails, as an import of a chunk that could not be read does.
    let loads = 0;
    const load = loadOnce(async () => {
      loads += 1;
      if (loads === 1) throw new Error("chunk unreadable");
      return loads;
    });

    // Act
    const first = await load().catch((error: Error) => error.message);
    const second = await load();
    const third = await load();

    // Assess
    expect(first).toBe("chunk unreadable");
    expect([second, third]).toEqual([2, 2]);
    expect(loads).toBe(2);
  });
});
