package dev.streamrelay.local;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Layout of the data directory: {@code kafka/} (KRaft log), {@code sqs/} (ElasticMQ's H2 database),
 * {@code s3/<bucket>/...} (delivered objects), {@code connect/} (worker config and the extracted
 * plugin), {@code logs/}.
 */
public final class DataDir {

  private DataDir() {}

  public static Path s3(Path data) {
    return data.resolve("s3");
  }

  public static Path delivered(Path data) {
    return s3(data).resolve(LocalPipeline.BUCKET).resolve(LocalPipeline.DATA_PREFIX);
  }

  /** Deletes the directory and everything in it; a missing directory is fine. */
  public static void wipe(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Files.delete(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
