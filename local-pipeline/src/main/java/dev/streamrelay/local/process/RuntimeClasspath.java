package dev.streamrelay.local.process;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The classpath of the broker and worker processes: the module's own classes (for {@link
 * ParentWatch}) and its runtime dependencies, as Maven listed them in {@code target/classpath.txt}
 * (named by the system property {@value #FILE_PROPERTY}). It never holds the connectors: the worker
 * finds them only in its {@code plugin.path}.
 */
public final class RuntimeClasspath {

  public static final String FILE_PROPERTY = "streamrelay.local.classpath.file";

  private RuntimeClasspath() {}

  public static String forChildren() {
    List<String> entries = new ArrayList<>();
    entries.add(ownLocation());
    String file = System.getProperty(FILE_PROPERTY);
    if (file != null) {
      try {
        entries.add(Files.readString(Path.of(file), StandardCharsets.UTF_8).strip());
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read the runtime classpath file " + file, e);
      }
    } else {
      entries.add(System.getProperty("java.class.path"));
    }
    return String.join(File.pathSeparator, entries);
  }

  private static String ownLocation() {
    try {
      return Path.of(
              RuntimeClasspath.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("Cannot locate the launcher's own classes", e);
    }
  }
}
