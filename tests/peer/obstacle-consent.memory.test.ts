import { describeObstacleConsent } from "./contract/obstacle-consent.ts";
import { openInMemory } from "./contract/open.ts";

// The obstacle consent contract over the in-memory repositories (no Java): the same suite tests/store runs on DynamoDB Local.
describeObstacleConsent("in memory", openInMemory);
