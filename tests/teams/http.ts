/** Lambda HTTP events (Function URL, payload format 2.0) carrying Teams activities, for handler tests. */
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import type { Activity } from "botbuilder";

/** A Function URL event POSTing `activity` with an optional bearer token. */
export function functionUrlEvent(
  activity: Partial<Activity> | string,
  options: { token?: string; method?: string; base64?: boolean } = {},
): APIGatewayProxyEventV2 {
  const method = options.method ?? "POST";
  const json = typeof activity === "string" ? activity : JSON.stringify(activity);
  const headers: Record<string, string> = { "content-type": "application/json", host: "lambda-url.local" };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: "/api/messages",
    rawQueryString: "",
    headers,
    requestContext: {
      accountId: "anonymous",
      apiId: "lambda-url",
      domainName: "lambda-url.local",
      domainPrefix: "lambda-url",
      http: { method, path: "/api/messages", protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "test" },
      requestId: "req-1",
      routeKey: "$default",
      stage: "$default",
      time: "02/Mar/2026:09:15:00 +0000",
      timeEpoch: 1_772_442_900_000,
    },
    body: options.base64 ? Buffer.from(json).toString("base64") : json,
    isBase64Encoded: Boolean(options.base64),
  };
}
