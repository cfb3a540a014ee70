import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { runCli } from "../../cli/main.ts";

const tableName = `cli-import-${randomUUID().slice(0, 8)}`;
const env = {
  DYNAMODB_ENDPOINT: inject("dynamoEndpoint"),
  PATHFINDER_TABLE: tableName,
  PATHFINDER_HASH_KEY: "cli-import-test",
};
let dir: string;

/** Runs `pathfinder ...args` with in-memory streams; `answer` is what the person types at a prompt. */
async function cli(args: string[], answer?: string) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (chunk) => {
    out += chunk;
  });
  stderr.on("data", (chunk) => {
    err += chunk;
  });
  stdin.end(answer ?? "");
  const code = await runCli(args, { stdout, stderr, stdin, env });
  return { code, out, err };
}

/** Twelve ambassadors without ids, the way a coordinator's spreadsheet comes. */
function twelve(): string {
  const rows = Array.from({ length: 12 }, (_, i) => {
    const n = String(i + 1).padStart(2, "0");
    return `Person ${n},person${n}@example.org,U0PERSON${n},procurement,leisure,Wales,2`;
  });
  return `displayName,email,slackUserId,categories,serviceAreas,region,monthlyCapacity\n${rows.join("\n")}\n`;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "pathfinder-import-"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("pathfinder ambassadors import (re-runnable, on DynamoDB Local)", () => {
  it('says "0 added, 0 updated, 12 unchanged" the second time, previews with --dry-run, and prunes on confirmation', async () => {
    // Prepare
    const file = join(dir, "twelve.csv");
    writeFileSync(file, twelve());

    // Act + Assess: import twice.
    expect((await cli(["ambassadors", "import", file])).out).toBe(
      "Imported: 12 added, 0 updated, 0 unchanged.\n",
    );
    expect((await cli(["ambassadors", "import", file])).out).toBe(
      "Imported: 0 added, 0 updated, 12 unchanged.\n",
    );

    // A changed file, previewed: nothing is written.
    const edited = join(dir, "edited.csv");
    const lines = twelve().trimEnd().split("\n");
    lines[1] = (lines[1] ?? "").replace(",2", ",5");
    writeFileSync(
      edited,
      `${lines.slice(0, 11).join("\n")}\nNew Person,new@example.org,U0NEWPERSN,funding,,,1\n`,
    );
    const dry = await cli(["ambassadors", "import", edited, "--dry-run", "--prune"]);
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(/^\+ line 12: add New Person \(new-person-[0-9a-f]{4}\)$/m);
    expect(dry.out).toMatch(/^~ line 2: update Person 01 \(person-01-[0-9a-f]{4}\): monthlyCapacity$/m);
    expect(dry.out).toMatch(/^- remove Person 11 \(person-11-.{4}\), not in the file$/m);
    expect(dry.out).toMatch(/^- remove Person 12 /m);
    expect(dry.out).toContain("Dry run, nothing saved: 1 added, 1 updated, 9 unchanged, 2 removed.\n");
    expect((await cli(["ambassadors", "import", file])).out).toContain("0 added, 0 updated, 12 unchanged");

    // --prune asks first; "n" keeps everything.
    const declined = await cli(["ambassadors", "import", edited, "--prune"], "n\n");
    expect(declined.code).toBe(1);
    expect(declined.err).toContain("Remove 2 ambassadors not in the file (Person 11, Person 12)? [y/N]");
    expect(JSON.parse((await cli(["ambassadors", "list", "--json"])).out)).toHaveLength(12);

    const confirmed = await cli(["ambassadors", "import", edited, "--prune"], "y\n");
    expect(confirmed.out).toBe("Imported: 1 added, 1 updated, 9 unchanged, 2 removed.\n");
    const names = (
      JSON.parse((await cli(["ambassadors", "list", "--json"])).out) as { displayName: string }[]
    )
      .map((a) => a.displayName)
      .sort();
    expect(names).toHaveLength(11);
    expect(names).toContain("New Person");
    expect(names).not.toContain("Person 12");
  });

  it("refuses a row that would give two ambassadors one Slack id, naming its line, and writes nothing", async () => {
    const before = (await cli(["ambassadors", "list", "--json"])).out;
    const clash = join(dir, "clash.csv");
    writeFileSync(
      clash,
      "displayName,email,slackUserId,categories\nFresh Face,fresh@example.org,U0FRESH1,funding\nOther,other@example.org,U0PERSON01,funding\n",
    );

    const result = await cli(["ambassadors", "import", clash]);

    expect(result.code).toBe(1);
    expect(result.err).toMatch(
      /line 3: Slack user id U0PERSON01 is also Person 01 \(person-01-.{4}\), already in the directory's/,
    );
    expect((await cli(["ambassadors", "list", "--json"])).out).toBe(before);
  });
});
