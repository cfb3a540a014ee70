import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CliUsageError } from "../../cli/command.ts";
import { runCli } from "../../cli/main.ts";
import { openPeerContext } from "../../cli/peer-context.ts";
import { awsClientOptions, extractTargetArgs, type StackOutputsLookup } from "../../cli/target.ts";
import { LOCAL_DEV_HASH_KEY, type SecretSource } from "../../config/secrets.ts";
import { createDocumentClient } from "../../store/dynamo-client.ts";
import { HashKeyMismatchError, keyFingerprint } from "../../store/key-fingerprint.ts";
import { createTestTable, type TestTable } from "../support/dynamo.ts";

let table: TestTable;
let dir: string;
beforeAll(async () => {
  table = await createTestTable("cli-aws");
  dir = mkdtempSync(join(tmpdir(), "pathfinder-target-"));
});
afterAll(async () => {
  await table.drop();
  rmSync(dir, { recursive: true, force: true });
});

/** CloudFormation standing in: the deployed stack's outputs, as cdk/pathfinder-stack.ts names them. */
function stubStack(calls: string[]): StackOutputsLookup {
  return async (stackName, region) => {
    calls.push(`${stackName}@${region}`);
    return {
      TableName: table.tableName,
      HashKeySecretName: "Staging/hash-key",
      SlackSecretName: "Staging/slack",
    };
  };
}

/** Secrets Manager standing in. */
const secrets = (key: string): SecretSource => ({
  async getSecretJson(name: string): Promise<Record<string, string>> {
    return name === "Staging/hash-key" ? { key } : {};
  },
});

async function cli(args: string[], env: NodeJS.ProcessEnv) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (c) => {
    out += c;
  });
  stderr.on("data", (c) => {
    err += c;
  });
  const code = await runCli(args, { stdout, stderr, stdin: new PassThrough(), env });
  return { code, out, err };
}

describe("the CLI against the deployed stack", () => {
  it("takes the table and hash key from the stack's outputs and Secrets Manager (DynamoDB Local standing in)", async () => {
    // Prepare
    const calls: string[] = [];
    const env = {
      PATHFINDER_TARGET: "aws",
      PATHFINDER_STACK: "Staging",
      AWS_REGION: "eu-west-1",
      DYNAMODB_ENDPOINT: table.endpoint,
      PATHFINDER_TABLE: "not-this-one",
    };

    // Act
    const context = await openPeerContext(env, {
      lookup: stubStack(calls),
      secrets: secrets("deployed-key"),
    });
    try {
      await context.services.ambassadors.put({
        id: "tom",
        displayName: "Tom Price",
        categories: ["procurement"],
        serviceAreas: [],
        monthlyCapacity: 2,
      });
    } finally {
      await context.close();
    }

    // Assess: the stack's table, its fingerprint from the secret's key, and a second key refused.
    expect(calls).toEqual(["Staging@eu-west-1"]);
    expect(context.tableName).toBe(table.tableName);
    const stored = await table.doc.send(
      new GetCommand({
        TableName: table.tableName,
        Key: { pk: "META#HASHKEY", sk: "FINGERPRINT" },
      }),
    );
    expect(stored.Item?.fingerprint).toBe(keyFingerprint("deployed-key"));
    expect(JSON.stringify(stored.Item)).not.toContain("deployed-key");
    await expect(
      openPeerContext(env, { lookup: stubStack([]), secrets: secrets("another-key") }),
    ).rejects.toThrow(HashKeyMismatchError);
  });

  it("builds AWS clients with the usual region variables, no endpoint and the default credential chain", async () => {
    expect(awsClientOptions({ AWS_REGION: "eu-west-1", AWS_DEFAULT_REGION: "us-east-1" })).toEqual({
      region: "eu-west-1",
    });
    expect(awsClientOptions({ AWS_DEFAULT_REGION: "us-east-1" })).toEqual({ region: "us-east-1" });
    expect(awsClientOptions({})).toEqual({});
    const doc = createDocumentClient(awsClientOptions({ AWS_REGION: "eu-west-1" }));
    try {
      expect(await doc.config.region()).toBe("eu-west-1");
      expect(doc.config.endpoint).toBeUndefined();
      // Not the static "local" credentials DynamoDB Local gets: the SDK's provider chain resolves them.
      expect(typeof doc.config.credentials).toBe("function");
    } finally {
      doc.destroy();
    }
  });

  it("refuses the development key for a non-local endpoint before touching it", async () => {
    await expect(
      openPeerContext({ DYNAMODB_ENDPOINT: "https://dynamodb.eu-west-2.amazonaws.com" }),
    ).rejects.toThrow(/development hash key only works with a local DynamoDB/);
    await expect(
      openPeerContext(
        { PATHFINDER_TARGET: "aws", DYNAMODB_ENDPOINT: "https://dynamodb.eu-west-2.amazonaws.com" },
        { lookup: stubStack([]), secrets: secrets(LOCAL_DEV_HASH_KEY) },
      ),
    ).rejects.toBeInstanceOf(CliUsageError);
  });

  it("takes --target and --stack off any command's arguments", () => {
    expect(extractTargetArgs(["erase", "--target", "aws", "--stack=Staging", "--user", "jo"], {})).toEqual({
      argv: ["erase", "--user", "jo"],
      env: { PATHFINDER_TARGET: "aws", PATHFINDER_STACK: "Staging" },
    });
    expect(() => extractTargetArgs(["--target", "gcp"], {})).toThrow(/--target must be local or aws/);
  });

  it("regression (issue 13, item 5): erase with the wrong hash key exits 1 in one sentence instead of 'Erased 0 records'", async () => {
    const tableName = `wrong-key-${Date.now()}`;
    const env = { DYNAMODB_ENDPOINT: table.endpoint, PATHFINDER_TABLE: tableName };
    const file = join(dir, "a.csv");
    writeFileSync(file, "displayName,slackUserId,categories\nTom Price,U0TOMPRICE,procurement\n");
    expect((await cli(["ambassadors", "import", file], { ...env, PATHFINDER_HASH_KEY: "key-a" })).code).toBe(
      0,
    );

    const wrong = await cli(["erase", "--user", "jo"], { ...env, PATHFINDER_HASH_KEY: "key-b" });
    const right = await cli(["ambassadors", "list"], { ...env, PATHFINDER_HASH_KEY: "key-a" });

    expect(wrong.code).toBe(1);
    expect(wrong.out).toBe("");
    expect(wrong.err).toMatch(
      /^pathfinder erase: Table wrong-key-\d+ was written with a different hash key; refusing/,
    );
    expect(wrong.err.trim().split("\n")).toHaveLength(1);
    expect(right.out).toContain("Tom Price");
  });
});
