/**
 * The Secrets Manager secrets: created with empty fields (the operator fills them; values never sit in the
 * template), except the HMAC key for user hashes, which AWS generates and nobody ever needs to read.
 */
import { RemovalPolicy, SecretValue, Stack, Validations } from "aws-cdk-lib";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import type { Construct } from "constructs";
import type { SecretKey } from "../function-specs.ts";
import { Concern } from "./concern.ts";

/** What each secret holds and what the operator must put there. */
export const SECRET_DOCS: Record<SecretKey, { fields: string[]; description: string }> = {
  slack: {
    fields: ["signingSecret", "botToken"],
    description:
      'Pathfinder Slack app. Fill with JSON {"signingSecret":"<Basic Information > Signing Secret>",' +
      '"botToken":"xoxb-<OAuth & Permissions > Bot User OAuth Token>"}.',
  },
  teams: {
    fields: ["appPassword"],
    description:
      'Pathfinder Teams bot. Fill with JSON {"appPassword":"<client secret VALUE of the Entra app registration ' +
      'whose id is the microsoftAppId context>"}.',
  },
  openai: {
    fields: ["apiKey"],
    description:
      'Optional OpenAI key: improves answers, never required. Fill with JSON {"apiKey":"sk-..."} or leave empty.',
  },
  hashKey: {
    fields: ["key"],
    description:
      "HMAC key for the hashes Pathfinder stores instead of user ids. Generated at deploy: never change it " +
      "(every stored hash would stop matching its person, breaking export and erase).",
  },
};

/** Why no secret here has a rotation schedule (cdk-nag AwsSolutions-SMG4). */
const NO_ROTATION: Record<SecretKey, string> = {
  slack:
    "The signing secret and bot token are issued by Slack and regenerated in the Slack app settings; no " +
    "Lambda rotator can mint them. docs/deploy.md says how to replace them.",
  teams:
    "The client secret is issued by Entra ID, which expires it (at most 24 months); the operator creates a " +
    "new one in Entra and puts it here (docs/deploy.md).",
  openai: "The API key is issued in the OpenAI dashboard; no Lambda rotator can mint it.",
  hashKey:
    "Rotating the HMAC key would orphan every stored user hash, so export and erase could no longer find a " +
    "person's records; it never leaves AWS and no one needs to read it.",
};

/** The four secrets, named `<stack name>/<key>`. */
export class PathfinderSecrets extends Concern {
  readonly secrets: Record<SecretKey, secretsmanager.Secret>;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const placeholder = (key: SecretKey) =>
      new secretsmanager.Secret(this, `${capitalise(key)}Secret`, {
        secretName: this.secretName(key),
        description: SECRET_DOCS[key].description,
        // Empty fields, never values: they show the operator the shape to fill. CloudFormation never writes
        // this again unless the template changes, so values put later are not overwritten by a redeploy.
        secretObjectValue: Object.fromEntries(
          SECRET_DOCS[key].fields.map((field) => [field, SecretValue.unsafePlainText("")]),
        ),
      });
    this.secrets = {
      slack: placeholder("slack"),
      teams: placeholder("teams"),
      openai: placeholder("openai"),
      // Nobody needs to know this key, so Secrets Manager makes it: it is born in AWS and never appears in
      // the template, a shell history or a laptop. Retained with the table: without it the stored hashes
      // can no longer be matched to a person, so export and erase would fail.
      hashKey: new secretsmanager.Secret(this, "HashKeySecret", {
        secretName: this.secretName("hashKey"),
        description: SECRET_DOCS.hashKey.description,
        generateSecretString: {
          secretStringTemplate: JSON.stringify({}),
          generateStringKey: "key",
          passwordLength: 64,
          excludePunctuation: true,
        },
        removalPolicy: RemovalPolicy.RETAIN,
      }),
    };
    for (const key of Object.keys(NO_ROTATION) as SecretKey[]) {
      Validations.of(this.secrets[key]).acknowledge({ id: "AwsSolutions-SMG4", reason: NO_ROTATION[key] });
    }
  }

  /** A secret's name: `<stack name>/<key>`, e.g. `Pathfinder/slack`. */
  secretName(key: SecretKey): string {
    return `${Stack.of(this).stackName}/${key}`;
  }
}

/** `hashKey` → `HashKey`: construct ids and output names. */
export function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
