import { describeObstacleLog } from "./contract/obstacle-log.ts";
import { openInMemory } from "./contract/open.ts";

// The obstacle log contract over the in-memory repositories (no Java): the same suite tests/store runs on DynamoDB Local.
describeObstacleLog("in memory", openInMemory);
