package dev.streamrelay.connect.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The plugin version, written into a resource by the build. */
public final class Version {

  private static final String VERSION = load();

  private Version() {}

  /** The version of this build, e.g. {@code 0.1.0}. */
  public static String get() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = Version.class.getResourceAsStream("streamrelay-version.properties")) {
      if (in == null) {
        throw new IllegalStateException(
            "streamrelay-version.properties is missing from the connect-common jar: rebuild the plugin");
      }
      Properties props = new Properties();
      props.load(in);
      return props.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
