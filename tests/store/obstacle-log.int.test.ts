import { describeObstacleLog } from "../peer/contract/obstacle-log.ts";
import { openDynamoPeerServices } from "../support/dynamo.ts";

// The obstacle log contract over the DynamoDB repositories on DynamoDB Local (tests/peer/obstacle-log.memory.test.ts runs it in memory).
describeObstacleLog("on DynamoDB", openDynamoPeerServices);
