import { describePrivacy } from "../peer/contract/privacy.ts";
import { openDynamoPeerServices } from "../support/dynamo.ts";

// The privacy contract over DynamoDB Local (tests/peer/privacy.memory.test.ts runs it in memory).
describePrivacy("on DynamoDB", openDynamoPeerServices);
