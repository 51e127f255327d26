package dev.streamrelay.connect.aws;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.types.Password;

/**
 * The AWS connection keys both connectors share: region, endpoint, credentials, assumed role and
 * retries. They are defined, documented and validated here once, so both connectors spell them the
 * same way.
 */
public final class AwsConnectionConfig {

  public static final String GROUP = "AWS connection";

  public static final String REGION_CONFIG = "aws.region";
  private static final String REGION_DOC =
      "AWS Region of the service, e.g. eu-west-1. When empty, the connector derives it from the"
          + " resource (an SQS queue URL names its Region) or falls back to the AWS SDK's default"
          + " Region chain (AWS_REGION, profile, instance metadata). Set it on MSK Connect, where"
          + " environment variables cannot be set.";

  public static final String ENDPOINT_URL_CONFIG = "aws.endpoint.url";
  private static final String ENDPOINT_URL_DOC =
      "Endpoint override for the service API, e.g. a VPC interface endpoint"
          + " (https://vpce-...amazonaws.com) or a local emulator (http://localhost:9324). Empty"
          + " means the public Regional endpoint.";

  public static final String ACCESS_KEY_ID_CONFIG = "aws.access.key.id";
  private static final String ACCESS_KEY_ID_DOC =
      "Static access key id. Leave empty to use the default credentials chain (on MSK Connect: the"
          + " connector's service execution role). Prefer a config provider reference such as"
          + " ${secretsmanager:name:key} to a plaintext value.";

  public static final String SECRET_ACCESS_KEY_CONFIG = "aws.secret.access.key";
  private static final String SECRET_ACCESS_KEY_DOC =
      "Static secret access key, required together with " + ACCESS_KEY_ID_CONFIG + ".";

  public static final String ROLE_ARN_CONFIG = "aws.sts.role.arn";
  private static final String ROLE_ARN_DOC =
      "IAM role to assume through STS for every call the connector makes, e.g."
          + " arn:aws:iam::123456789012:role/streamrelay. The base credentials (static keys or the"
          + " default chain) must be allowed sts:AssumeRole on it. Credentials are cached and"
          + " refreshed before they expire.";

  public static final String ROLE_SESSION_NAME_CONFIG = "aws.sts.role.session.name";
  private static final String ROLE_SESSION_NAME_DOC =
      "Session name for the assumed role, visible in CloudTrail.";
  public static final String ROLE_SESSION_NAME_DEFAULT = "streamrelay";

  public static final String ROLE_EXTERNAL_ID_CONFIG = "aws.sts.role.external.id";
  private static final String ROLE_EXTERNAL_ID_DOC =
      "External id required by the role's trust policy, if any.";

  public static final String ROLE_SESSION_DURATION_CONFIG = "aws.sts.role.session.duration.seconds";
  private static final String ROLE_SESSION_DURATION_DOC =
      "Lifetime of assumed-role credentials, 900 to 43200 seconds (the role's maximum session"
          + " duration must allow it).";
  public static final int ROLE_SESSION_DURATION_DEFAULT = 3600;

  public static final String STS_ENDPOINT_URL_CONFIG = "aws.sts.endpoint.url";
  private static final String STS_ENDPOINT_URL_DOC =
      "STS endpoint override, e.g. a VPC interface endpoint for STS. Empty means the Regional STS"
          + " endpoint of "
          + REGION_CONFIG
          + " (never the global sts.amazonaws.com, which private"
          + " MSK Connect subnets often cannot reach).";

  public static final String RETRY_MAX_ATTEMPTS_CONFIG = "aws.retry.max.attempts";
  private static final String RETRY_MAX_ATTEMPTS_DOC =
      "Attempts per AWS API call, first try included, made by the AWS SDK's standard retry"
          + " strategy (exponential backoff with jitter) for throttling, 5xx and network errors,"
          + " before the connector's own handling takes over.";
  public static final int RETRY_MAX_ATTEMPTS_DEFAULT = 5;

  private AwsConnectionConfig() {}

  /** Adds the shared AWS keys to {@code def} in their own group, documented for {@code service}. */
  public static ConfigDef addTo(ConfigDef def) {
    int order = 0;
    return def.define(
            REGION_CONFIG,
            Type.STRING,
            "",
            new RegionValidator(),
            Importance.HIGH,
            REGION_DOC,
            GROUP,
            ++order,
            Width.SHORT,
            "AWS Region")
        .define(
            ENDPOINT_URL_CONFIG,
            Type.STRING,
            "",
            new UrlValidator(),
            Importance.LOW,
            ENDPOINT_URL_DOC,
            GROUP,
            ++order,
            Width.LONG,
            "Endpoint override")
        .define(
            ACCESS_KEY_ID_CONFIG,
            Type.PASSWORD,
            null,
            Importance.MEDIUM,
            ACCESS_KEY_ID_DOC,
            GROUP,
            ++order,
            Width.MEDIUM,
            "Access key id")
        .define(
            SECRET_ACCESS_KEY_CONFIG,
            Type.PASSWORD,
            null,
            Importance.MEDIUM,
            SECRET_ACCESS_KEY_DOC,
            GROUP,
            ++order,
            Width.MEDIUM,
            "Secret access key")
        .define(
            ROLE_ARN_CONFIG,
            Type.STRING,
            "",
            new RoleArnValidator(),
            Importance.MEDIUM,
            ROLE_ARN_DOC,
            GROUP,
            ++order,
            Width.LONG,
            "Role ARN")
        .define(
            ROLE_SESSION_NAME_CONFIG,
            Type.STRING,
            ROLE_SESSION_NAME_DEFAULT,
            ConfigDef.CompositeValidator.of(
                new ConfigDef.NonEmptyString(),
                ConfigDef.LambdaValidator.with(
                    (name, value) -> {
                      if (!String.valueOf(value).matches("[\\w+=,.@-]{2,64}")) {
                        throw new ConfigException(
                            name,
                            value,
                            "must be 2 to 64 characters of letters, digits and +=,.@-_");
                      }
                    },
                    () -> "2-64 characters of [\\w+=,.@-]")),
            Importance.LOW,
            ROLE_SESSION_NAME_DOC,
            GROUP,
            ++order,
            Width.MEDIUM,
            "Role session name")
        .define(
            ROLE_EXTERNAL_ID_CONFIG,
            Type.PASSWORD,
            null,
            Importance.LOW,
            ROLE_EXTERNAL_ID_DOC,
            GROUP,
            ++order,
            Width.MEDIUM,
            "Role external id")
        .define(
            ROLE_SESSION_DURATION_CONFIG,
            Type.INT,
            ROLE_SESSION_DURATION_DEFAULT,
            ConfigDef.Range.between(900, 43200),
            Importance.LOW,
            ROLE_SESSION_DURATION_DOC,
            GROUP,
            ++order,
            Width.SHORT,
            "Role session duration (s)")
        .define(
            STS_ENDPOINT_URL_CONFIG,
            Type.STRING,
            "",
            new UrlValidator(),
            Importance.LOW,
            STS_ENDPOINT_URL_DOC,
            GROUP,
            ++order,
            Width.LONG,
            "STS endpoint override")
        .define(
            RETRY_MAX_ATTEMPTS_CONFIG,
            Type.INT,
            RETRY_MAX_ATTEMPTS_DEFAULT,
            ConfigDef.Range.between(1, 100),
            Importance.LOW,
            RETRY_MAX_ATTEMPTS_DOC,
            GROUP,
            ++order,
            Width.SHORT,
            "Max attempts per AWS call");
  }

  /** Reads the shared keys from a parsed connector config. */
  public static AwsSettings settings(AbstractConfig config) {
    return new AwsSettings(
        blankToNull(config.getString(REGION_CONFIG)),
        uriOrNull(config.getString(ENDPOINT_URL_CONFIG)),
        passwordOrNull(config.getPassword(ACCESS_KEY_ID_CONFIG)),
        passwordOrNull(config.getPassword(SECRET_ACCESS_KEY_CONFIG)),
        blankToNull(config.getString(ROLE_ARN_CONFIG)),
        config.getString(ROLE_SESSION_NAME_CONFIG),
        passwordOrNull(config.getPassword(ROLE_EXTERNAL_ID_CONFIG)),
        config.getInt(ROLE_SESSION_DURATION_CONFIG),
        uriOrNull(config.getString(STS_ENDPOINT_URL_CONFIG)),
        config.getInt(RETRY_MAX_ATTEMPTS_CONFIG));
  }

  /**
   * Rules that span the shared keys, attached to the offending key in a {@code validate()} result:
   * static keys come in pairs, and the external id needs a role.
   */
  public static void validateCrossField(Map<String, ConfigValue> values) {
    boolean hasKeyId = isSet(values.get(ACCESS_KEY_ID_CONFIG));
    boolean hasSecret = isSet(values.get(SECRET_ACCESS_KEY_CONFIG));
    if (hasKeyId && !hasSecret) {
      addError(
          values,
          SECRET_ACCESS_KEY_CONFIG,
          SECRET_ACCESS_KEY_CONFIG
              + " is required when "
              + ACCESS_KEY_ID_CONFIG
              + " is set: set both, or neither to use the default credentials chain.");
    }
    if (hasSecret && !hasKeyId) {
      addError(
          values,
          ACCESS_KEY_ID_CONFIG,
          ACCESS_KEY_ID_CONFIG
              + " is required when "
              + SECRET_ACCESS_KEY_CONFIG
              + " is set: set both, or neither to use the default credentials chain.");
    }
    if (isSet(values.get(ROLE_EXTERNAL_ID_CONFIG)) && !isSet(values.get(ROLE_ARN_CONFIG))) {
      addError(
          values,
          ROLE_EXTERNAL_ID_CONFIG,
          ROLE_EXTERNAL_ID_CONFIG
              + " only applies to an assumed role: set "
              + ROLE_ARN_CONFIG
              + " or remove the external id.");
    }
  }

  /** Adds {@code message} to the errors of {@code key}, creating its entry if needed. */
  public static void addError(Map<String, ConfigValue> values, String key, String message) {
    values.computeIfAbsent(key, ConfigValue::new).addErrorMessage(message);
  }

  private static boolean isSet(ConfigValue value) {
    if (value == null || value.value() == null) {
      return false;
    }
    Object v = value.value();
    String text = v instanceof Password p ? p.value() : v.toString();
    return !text.isBlank();
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static String passwordOrNull(Password password) {
    return password == null ? null : blankToNull(password.value());
  }

  private static URI uriOrNull(String value) {
    String v = blankToNull(value);
    return v == null ? null : URI.create(v);
  }

  /**
   * The validator of the endpoint keys (empty, or an absolute http(s) URL), for other endpoints.
   */
  public static ConfigDef.Validator urlValidator() {
    return new UrlValidator();
  }

  /** Accepts an empty value or an absolute http(s) URL. */
  static final class UrlValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      String v = value == null ? "" : value.toString().trim();
      if (v.isEmpty()) {
        return;
      }
      try {
        URI uri = new URI(v);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
            || uri.getHost() == null) {
          throw new ConfigException(
              name, value, "must be an absolute http:// or https:// URL such as https://host:443");
        }
      } catch (URISyntaxException e) {
        throw new ConfigException(name, value, "is not a valid URL: " + e.getMessage());
      }
    }

    @Override
    public String toString() {
      return "empty, or an http(s) URL";
    }
  }

  /** Accepts an empty value or an IAM role ARN in any partition. */
  static final class RoleArnValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      String v = value == null ? "" : value.toString().trim();
      if (!v.isEmpty() && !v.matches("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+")) {
        throw new ConfigException(
            name, value, "must be an IAM role ARN such as arn:aws:iam::123456789012:role/name");
      }
    }

    @Override
    public String toString() {
      return "empty, or arn:aws:iam::<account>:role/<name>";
    }
  }

  /**
   * A Region name as AWS spells it (us-east-1, eu-west-1, us-gov-west-1, cn-north-1), checked here
   * because a malformed one passes the SDK's builder and only fails at the first call, with an
   * invalid endpoint URI, after the task has started.
   */
  static final class RegionValidator implements ConfigDef.Validator {
    private static final java.util.regex.Pattern REGION =
        java.util.regex.Pattern.compile("[a-z]{2,4}(-[a-z]+)+-\\d{1,2}");

    @Override
    public void ensureValid(String name, Object value) {
      String v = value == null ? "" : value.toString().trim();
      if (v.isEmpty() || REGION.matcher(v).matches()) {
        return;
      }
      String hint = v.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
      throw new ConfigException(
          name,
          value,
          "is not an AWS Region name: Regions are lower case with dashes, e.g. eu-west-1"
              + (REGION.matcher(hint).matches() ? " (did you mean " + hint + "?)" : ""));
    }

    @Override
    public String toString() {
      return "empty, or a Region such as eu-west-1";
    }
  }
}
