/**
 * Bot Framework credentials for tests: the real CloudAdapter and ConnectorClient, signing every call with a
 * fixed bearer token instead of asking Entra ID for one (there is no network here). The fake connector
 * checks the header, so a missing Authorization would fail the test.
 */
import { ServiceClientCredentialsFactory } from "botframework-connector";

export const TEST_BEARER = "Bearer test-connector-token";

/** Signs with {@link TEST_BEARER} for any app id. */
export class TestCredentialsFactory extends ServiceClientCredentialsFactory {
  override async isValidAppId(): Promise<boolean> {
    return true;
  }
  override async isAuthenticationDisabled(): Promise<boolean> {
    return false;
  }
  override async createCredentials() {
    return {
      async signRequest<T extends { headers: { set(name: string, value: string): void } }>(
        resource: T,
      ): Promise<T> {
        resource.headers.set("Authorization", TEST_BEARER);
        return resource;
      },
    };
  }
}
