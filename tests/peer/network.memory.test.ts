import { describeNetwork } from "./contract/network.ts";
import { openInMemory } from "./contract/open.ts";

// The network contract over the in-memory repositories (no Java): tests/store/network.int.test.ts runs it on DynamoDB Local.
describeNetwork("in memory", openInMemory);
