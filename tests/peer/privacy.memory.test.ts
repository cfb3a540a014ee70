import { openInMemory } from "./contract/open.ts";
import { describePrivacy } from "./contract/privacy.ts";

// The privacy contract over the in-memory repositories (no Java): the same suite tests/store runs on DynamoDB Local.
describePrivacy("in memory", openInMemory);
