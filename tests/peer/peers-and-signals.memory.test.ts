import { openInMemory } from "./contract/open.ts";
import { describePeersAndSignals } from "./contract/peers-and-signals.ts";

// The peers and question signals contract over the in-memory repositories (no Java): the same suite tests/store runs on DynamoDB Local.
describePeersAndSignals("in memory", openInMemory);
