/**
 * Constructs per concern (data, Slack, Teams, digest, alarms) without new logical ids. A CloudFormation logical
 * id is derived from the construct path, so wrapping resources that already exist in a construct would rename
 * them, and a renamed resource is REPLACED on deploy (a new, empty table; new secrets; new function URLs).
 * A `Concern` is therefore transparent: the stack leaves concern ids out of the path it names resources from.
 */
import { createHash } from "node:crypto";
import type { CfnElement } from "aws-cdk-lib";
import { Construct } from "constructs";

/** A construct that groups one concern's resources and adds no segment to their logical ids. */
export class Concern extends Construct {}

/**
 * The logical id CDK would allocate if the element's `Concern` ancestors were not there.
 *
 * Hand-written because CDK's `makeUniqueId` (core/lib/private/uniqueid) is not exported; this follows it
 * exactly: "Default" segments are dropped, a single segment is used as is, otherwise the human-readable
 * segments (deduplicated, "Resource" hidden) are followed by the first 8 hex digits of the path's MD5.
 * tests/cdk/pathfinder-stack.int.test.ts (against tests/cdk/fixtures/logical-ids.json) pins every id the stack had before it was split into constructs.
 */
export function logicalIdWithoutConcerns(element: CfnElement): string {
  const scopes = element.node.scopes;
  const below = scopes.slice(scopes.indexOf(element.stack) + 1);
  const components = below
    .filter((scope) => !(scope instanceof Concern))
    .map((scope) => scope.node.id)
    .filter((id) => id !== "Default");
  if (components.length === 0) throw new Error(`no logical id components for ${element.node.path}`);
  const alphanumeric = (s: string) => s.replace(/[^A-Za-z0-9]/g, "");
  const only = components.length === 1 ? alphanumeric(components[0] ?? "") : undefined;
  if (only !== undefined && only.length <= 255) return only;
  const hash = createHash("md5").update(components.join("/")).digest("hex").slice(0, 8).toUpperCase();
  const human: string[] = [];
  for (const component of components) {
    if (human.length === 0 || !human[human.length - 1]?.endsWith(component)) human.push(component);
  }
  return (
    human
      .filter((c) => c !== "Resource")
      .map(alphanumeric)
      .join("")
      .slice(0, 240) + hash
  );
}
