/**
 * A stand-in for the Bot Framework's OpenID metadata and signing keys, on 127.0.0.1. It serves
 * `/.well-known/openidconfiguration` and its `jwks_uri` (RSA keys with channel endorsements, as
 * login.botframework.com does) and signs RS256 tokens with node:crypto, so botbuilder's real JWT
 * validation runs offline.
 */
import { createSign, generateKeyPairSync, type KeyObject, randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** The Bot Framework channel token issuer botbuilder checks for. */
export const BOT_FRAMEWORK_ISSUER = "https://api.botframework.com";

export interface FakeOpenId {
  /** The metadata URL to give botbuilder (ToBotFromChannelOpenIdMetadataUrl). */
  metadataUrl: string;
  /** How many times the key set was fetched. */
  keyFetches: number;
  /** Signs a channel token; `claims` override the defaults (iss, aud, serviceurl, exp...). */
  sign(claims: Record<string, unknown>, options?: { key?: KeyObject; kid?: string }): string;
  /** A key the endpoint does not publish, for "bad token" tests. */
  strangerKey: KeyObject;
  close(): Promise<void>;
}

function base64url(value: Buffer | string): string {
  return Buffer.from(value).toString("base64url");
}

/** Starts the fake OpenID endpoint. `endorsements` are the channel ids the key is endorsed for. */
export async function startFakeOpenId(endorsements: string[] = ["msteams"]): Promise<FakeOpenId> {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const stranger = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
  const kid = `test-${randomUUID().slice(0, 8)}`;
  const jwk = publicKey.export({ format: "jwk" });
  let base = "";
  const state = { keyFetches: 0 };

  const server: Server = createServer((req, res) => {
    res.setHeader("content-type", "application/json");
    if (req.url === "/.well-known/openidconfiguration") {
      res.end(
        JSON.stringify({
          issuer: BOT_FRAMEWORK_ISSUER,
          jwks_uri: `${base}/keys`,
          id_token_signing_alg_values_supported: ["RS256"],
        }),
      );
      return;
    }
    if (req.url === "/keys") {
      state.keyFetches++;
      res.end(JSON.stringify({ keys: [{ kty: "RSA", use: "sig", kid, n: jwk.n, e: jwk.e, endorsements }] }));
      return;
    }
    res.statusCode = 404;
    res.end("{}");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    metadataUrl: `${base}/.well-known/openidconfiguration`,
    get keyFetches() {
      return state.keyFetches;
    },
    strangerKey: stranger,
    sign(claims, options = {}) {
      const now = Math.floor(Date.now() / 1000);
      const header = { alg: "RS256", typ: "JWT", kid: options.kid ?? kid };
      const payload = { iss: BOT_FRAMEWORK_ISSUER, nbf: now - 60, iat: now - 60, exp: now + 3600, ...claims };
      const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
      const signature = createSign("RSA-SHA256")
        .update(input)
        .sign(options.key ?? privateKey);
      return `${input}.${base64url(signature)}`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
