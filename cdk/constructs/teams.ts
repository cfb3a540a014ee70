/** Teams: the Bot Framework messaging endpoint (public URL; every request carries a Bot Framework JWT). */
import * as lambda from "aws-cdk-lib/aws-lambda";
import type { Construct } from "constructs";
import { FUNCTION_SPECS } from "../function-specs.ts";
import { Concern } from "./concern.ts";
import { type FunctionContext, makeFunction } from "./function.ts";

/** Props of the Teams concern. */
export interface TeamsProps {
  context: Omit<FunctionContext, "queue">;
  entry: string;
}

/** The Teams messages function and its URL. */
export class PathfinderTeams extends Concern {
  readonly messages: lambda.Function;
  /** The function's public URL (it ends in "/"). */
  readonly messagesUrl: lambda.FunctionUrl;

  constructor(scope: Construct, id: string, props: TeamsProps) {
    super(scope, id);
    this.messages = makeFunction(this, FUNCTION_SPECS.teamsMessages, props.entry, props.context);
    this.messagesUrl = this.messages.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
  }
}
