import { describeObstacleConsent } from "../peer/contract/obstacle-consent.ts";
import { openDynamoPeerServices } from "../support/dynamo.ts";

// The obstacle consent contract over the DynamoDB repositories on DynamoDB Local (tests/peer/obstacle-consent.memory.test.ts runs it in memory).
describeObstacleConsent("on DynamoDB", openDynamoPeerServices);
