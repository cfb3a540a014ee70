import { describeAmbassadorsAndIntroductions } from "../peer/contract/ambassadors-and-introductions.ts";
import { openDynamoPeerServices } from "../support/dynamo.ts";

// The ambassadors and introductions contract over the DynamoDB repositories on DynamoDB Local (tests/peer/ambassadors-and-introductions.memory.test.ts runs it in memory).
describeAmbassadorsAndIntroductions("on DynamoDB", openDynamoPeerServices);
