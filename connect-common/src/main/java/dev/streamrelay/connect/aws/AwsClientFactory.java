package dev.streamrelay.connect.aws;

import dev.streamrelay.connect.common.Version;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The one place AWS clients are built: Region, endpoint override, credentials (static, default
 * chain or assumed role), SDK retry policy, HTTP connection pool and a user agent that names this
 * plugin, its version and the connector.
 */
public final class AwsClientFactory implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AwsClientFactory.class);

  /** Region used with an endpoint override when none is configured (emulators ignore it). */
  private static final Region EMULATOR_REGION = Region.US_EAST_1;

  private final AwsSettings settings;
  private final String userAgent;
  private final List<SdkAutoCloseable> credentialResources = new ArrayList<>();

  /**
   * @param settings the connector's shared AWS settings
   * @param component what is calling, for the user agent, e.g. {@code sqs-source}
   */
  public AwsClientFactory(AwsSettings settings, String component) {
    this.settings = settings;
    this.userAgent = "streamrelay/" + Version.get() + " (" + component + ")";
  }

  /**
   * Builds a synchronous client.
   *
   * @param builder a fresh service client builder, e.g. {@code SqsClient.builder()}
   * @param derivedRegion the Region the resource names (e.g. from a queue URL), or null
   * @param maxConnections HTTP connections the client may hold open (its call concurrency)
   * @param socketTimeout longest wait for a response byte (must exceed SQS long polling)
   */
  public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(
      B builder, String derivedRegion, int maxConnections, Duration socketTimeout) {
    Region region = region(derivedRegion);
    builder
        .region(region)
        .credentialsProvider(credentials(region))
        .overrideConfiguration(overrides())
        .httpClientBuilder(
            Apache5HttpClient.builder()
                .maxConnections(maxConnections)
                .connectionTimeout(Duration.ofSeconds(10))
                .socketTimeout(socketTimeout));
    if (settings.endpoint() != null) {
      builder.endpointOverride(settings.endpoint());
    }
    C client = builder.build();
    log.info(
        "Built {} for Region {} with {} (user agent {})",
        client.getClass().getSimpleName(),
        region,
        settings,
        userAgent);
    return client;
  }

  /** The Region to use: configured, else derived from the resource, else the SDK chain. */
  public Region region(String derivedRegion) {
    if (settings.region() != null) {
      return Region.of(settings.region());
    }
    if (derivedRegion != null) {
      return Region.of(derivedRegion);
    }
    if (settings.endpoint() != null) {
      return EMULATOR_REGION;
    }
    return new DefaultAwsRegionProviderChain().getRegion();
  }

  private ClientOverrideConfiguration overrides() {
    return ClientOverrideConfiguration.builder()
        .retryStrategy(
            AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(settings.retryMaxAttempts())
                .build())
        .putAdvancedOption(SdkAdvancedClientOption.USER_AGENT_SUFFIX, userAgent)
        .build();
  }

  private AwsCredentialsProvider credentials(Region region) {
    AwsCredentialsProvider base =
        settings.accessKeyId() != null
            ? StaticCredentialsProvider.create(
                AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey()))
            : DefaultCredentialsProvider.builder().build();
    if (settings.roleArn() == null) {
      return base;
    }
    var sts =
        StsClient.builder()
            .region(region)
            .credentialsProvider(base)
            .overrideConfiguration(overrides())
            .httpClientBuilder(Apache5HttpClient.builder().maxConnections(2));
    if (settings.stsEndpoint() != null) {
      sts.endpointOverride(settings.stsEndpoint());
    }
    StsClient stsClient = sts.build();
    StsAssumeRoleCredentialsProvider provider =
        StsAssumeRoleCredentialsProvider.builder()
            .stsClient(stsClient)
            .asyncCredentialUpdateEnabled(false)
            .refreshRequest(
                r -> {
                  r.roleArn(settings.roleArn())
                      .roleSessionName(settings.roleSessionName())
                      .durationSeconds(settings.roleSessionDurationSeconds());
                  if (settings.roleExternalId() != null) {
                    r.externalId(settings.roleExternalId());
                  }
                })
            .build();
    synchronized (credentialResources) {
      credentialResources.add(provider);
      credentialResources.add(stsClient);
    }
    return provider;
  }

  /** Closes the STS clients and credential caches this factory made (not the service clients). */
  @Override
  public void close() {
    synchronized (credentialResources) {
      credentialResources.forEach(SdkAutoCloseable::close);
      credentialResources.clear();
    }
  }
}
