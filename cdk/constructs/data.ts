/**
 * Pathfinder's data: the one DynamoDB table, built from the schema the code and the tests use
 * (store/schema.ts), so CDK and DynamoDB Local can never disagree on keys, indexes or TTL.
 */
import { RemovalPolicy } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import type { Construct } from "constructs";
import { TABLE_SCHEMA } from "../../store/schema.ts";
import { Concern } from "./concern.ts";

/** The table (logical id `Table…`, as before the split: a new id would mean a new, empty table). */
export class PathfinderData extends Concern {
  readonly table: dynamodb.TableV2;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const attribute = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });
    this.table = new dynamodb.TableV2(this, "Table", {
      partitionKey: attribute(TABLE_SCHEMA.partitionKey),
      sortKey: attribute(TABLE_SCHEMA.sortKey),
      globalSecondaryIndexes: TABLE_SCHEMA.indexes.map((index) => ({
        indexName: index.name,
        partitionKey: attribute(index.partitionKey),
        sortKey: attribute(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      })),
      timeToLiveAttribute: TABLE_SCHEMA.ttlAttribute,
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // AWS owned keys would do; the AWS managed key (aws/dynamodb) adds CloudTrail-visible key use at no
      // monthly key cost. A customer managed key buys nothing here that is worth $1/month and a key policy.
      encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
