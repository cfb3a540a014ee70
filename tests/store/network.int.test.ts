import { describeNetwork } from "../peer/contract/network.ts";
import { openDynamoPeerServices } from "../support/dynamo.ts";

// The network contract over DynamoDB Local (tests/peer/network.memory.test.ts runs it in memory).
describeNetwork("on DynamoDB", openDynamoPeerServices);
