/**
 * What every Lambda entry file does at cold start, in one place: parse the configuration once, fetch the
 * secrets, build the handler. The secrets are asked for again on each invocation (Powertools Parameters
 * answers from its cache until SECRETS_MAX_AGE_SECONDS, config/secrets.ts), and the handler is rebuilt when
 * they changed, so a rotated Slack token or signing secret is used without recycling containers.
 */
import { createHash } from "node:crypto";
import { type Config, loadConfig } from "../config/config.ts";
import { getSecrets, type Secrets } from "../config/secrets.ts";

/** Returns the handler for this container, rebuilt when the secrets rotate; a failed build is retried. */
export function perContainer<T>(
  build: (config: Config, secrets: Secrets) => Promise<T>,
  load: () => Config = () => loadConfig(),
): () => Promise<T> {
  let config: Config | undefined;
  let current: { fingerprint: string; built: Promise<T> } | undefined;
  return async () => {
    config ??= load();
    const secrets = await getSecrets(config);
    // A digest, so the comparison keeps no second copy of the secret values around.
    const fingerprint = createHash("sha256").update(JSON.stringify(secrets)).digest("hex");
    if (current?.fingerprint !== fingerprint) {
      const built = build(config, secrets);
      current = { fingerprint, built };
      built.catch(() => {
        if (current?.built === built) current = undefined;
      });
    }
    return current.built;
  };
}
