import { openInMemory } from "./contract/open.ts";
import { describeTeamsReferences } from "./contract/teams-references.ts";

// Teams references in erase and export (issue 13 item 1), in memory; tests/store runs it on DynamoDB Local.
describeTeamsReferences("in memory", openInMemory);
