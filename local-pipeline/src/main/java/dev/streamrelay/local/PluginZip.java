package dev.streamrelay.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds the MSK Connect plugin ZIP and unpacks it into the worker's plugin path. */
final class PluginZip {

  private static final Logger log = LoggerFactory.getLogger(PluginZip.class);

  private PluginZip() {}

  /** The newest {@code mskconnect/target/streamrelay-mskconnect-plugin-*.zip} of the checkout. */
  static Path find(Path repoRoot) {
    Path target = repoRoot.resolve("mskconnect").resolve("target");
    if (Files.isDirectory(target)) {
      try (Stream<Path> files = Files.list(target)) {
        List<Path> zips =
            files
                .filter(
                    p -> {
                      String n = p.getFileName().toString();
                      return n.startsWith("streamrelay-mskconnect-plugin-") && n.endsWith(".zip");
                    })
                .sorted(Comparator.comparing(PluginZip::modified).reversed())
                .toList();
        if (!zips.isEmpty()) {
          return zips.get(0);
        }
      } catch (IOException e) {
        throw new IllegalStateException("Cannot list " + target, e);
      }
    }
    throw new IllegalStateException(
        "No plugin ZIP in "
            + target
            + "; build it with: mvn -DskipTests install -pl mskconnect -am (run.sh does)");
  }

  /** Replaces the content of {@code pluginPath} with the ZIP's content. */
  static void extract(Path zip, Path pluginPath) throws IOException {
    DataDir.wipe(pluginPath);
    Files.createDirectories(pluginPath);
    Path root = pluginPath.toAbsolutePath().normalize();
    int files = 0;
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        Path target = root.resolve(e.getName()).normalize();
        if (!target.startsWith(root)) {
          throw new IOException("ZIP entry outside the plugin path: " + e.getName());
        }
        if (e.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          copy(in, target);
          files++;
        }
      }
    }
    log.info("Unpacked plugin {} ({} files) into {}", zip, files, pluginPath);
  }

  private static void copy(InputStream in, Path target) throws IOException {
    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
  }

  private static long modified(Path p) {
    try {
      return Files.getLastModifiedTime(p).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }
}
