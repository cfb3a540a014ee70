/**
 * loadSecrets on Lambda: each function reads only the secrets whose names it was given (cdk/function-specs.ts),
 * so the public Slack events function and the digest never ask for the hash key (issue 13 item 10), and a
 * function that hashes refuses to start without it.
 */
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../config/config.ts";
import { loadSecrets, requireHashKey, type SecretSource } from "../../config/secrets.ts";

/** A Secrets Manager stand-in that records which secrets were asked for. */
function recordingSource(values: Record<string, Record<string, string>>) {
  const asked: string[] = [];
  const source: SecretSource = {
    async getSecretJson(name) {
      asked.push(name);
      return values[name] ?? {};
    },
  };
  return { asked, source };
}

const STORED = {
  "Pathfinder/slack": { signingSecret: "sig", botToken: "xoxb-1" },
  "Pathfinder/hashKey": { key: "k".repeat(64) },
};

describe("loadSecrets on Lambda", () => {
  it("never asks for the hash key when the function was not given its name (Slack events, digest)", async () => {
    // Prepare: the Slack events function's environment as the stack writes it.
    const config = loadConfig({ AWS_LAMBDA_FUNCTION_NAME: "events", SLACK_SECRET_NAME: "Pathfinder/slack" });
    const { asked, source } = recordingSource(STORED);

    // Act
    const secrets = await loadSecrets(config, {}, source);

    // Assess
    expect(asked).toEqual(["Pathfinder/slack"]);
    expect(secrets.hashKey).toBeUndefined();
    expect(secrets.slackSigningSecret).toBe("sig");
  });

  it("reads the hash key where the function was given its name, and refuses an empty one", async () => {
    const config = loadConfig({
      AWS_LAMBDA_FUNCTION_NAME: "worker",
      HASH_KEY_SECRET_NAME: "Pathfinder/hashKey",
    });

    expect((await loadSecrets(config, {}, recordingSource(STORED).source)).hashKey).toBe("k".repeat(64));
    await expect(loadSecrets(config, {}, recordingSource({}).source)).rejects.toThrow(
      'Secret Pathfinder/hashKey has no "key" value yet',
    );
  });
});

describe("requireHashKey", () => {
  it("gives the key, or a ConfigError saying which setting is missing", () => {
    expect(requireHashKey({ hashKey: "abc" })).toBe("abc");
    expect(() => requireHashKey({})).toThrow(ConfigError);
    expect(() => requireHashKey({})).toThrow(/has no hash key: set HASH_KEY_SECRET_NAME/);
  });
});
