package dev.streamrelay.connect.aws;

import java.net.URI;

/**
 * The parsed shared AWS keys of one connector.
 *
 * @param region Region name, or null to derive it
 * @param endpoint service endpoint override, or null
 * @param accessKeyId static access key id, or null for the default chain
 * @param secretAccessKey static secret key, or null
 * @param roleArn role to assume, or null
 * @param roleSessionName session name for the assumed role
 * @param roleExternalId external id for the assumed role, or null
 * @param roleSessionDurationSeconds assumed-role credential lifetime
 * @param stsEndpoint STS endpoint override, or null
 * @param retryMaxAttempts attempts per API call made by the SDK
 */
public record AwsSettings(
    String region,
    URI endpoint,
    String accessKeyId,
    String secretAccessKey,
    String roleArn,
    String roleSessionName,
    String roleExternalId,
    int roleSessionDurationSeconds,
    URI stsEndpoint,
    int retryMaxAttempts) {

  @Override
  public String toString() {
    return "AwsSettings[region="
        + region
        + ", endpoint="
        + endpoint
        + ", credentials="
        + (accessKeyId != null ? "static key" : "default chain")
        + (roleArn != null ? ", assumeRole=" + roleArn : "")
        + ", stsEndpoint="
        + stsEndpoint
        + ", retryMaxAttempts="
        + retryMaxAttempts
        + "]";
  }
}
