import { describeTeamsReferences } from "../peer/contract/teams-references.ts";
import { openDynamoPeerServices } from "../support/dynamo.ts";

// Teams references in erase and export (issue 13 item 1) on DynamoDB Local (the memory suite runs it without Java).
describeTeamsReferences("on DynamoDB", openDynamoPeerServices);
