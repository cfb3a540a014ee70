import { describeAmbassadorsAndIntroductions } from "./contract/ambassadors-and-introductions.ts";
import { openInMemory } from "./contract/open.ts";

// The ambassadors and introductions contract over the in-memory repositories (no Java): the same suite tests/store runs on DynamoDB Local.
describeAmbassadorsAndIntroductions("in memory", openInMemory);
