package dev.streamrelay.athena;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tests that read with Trino: one Java 25 JVM per test class, the declared table and the
 * sample's delivered object made once. Where there is no Java 25 each test is skipped, its reason
 * naming the missing JDK.
 */
abstract class TrinoReaderTestBase {

  @TempDir static Path folder;

  static TrinoReader trino;
  static GlueTable declared;
  static Delivered delivered;

  @BeforeAll
  static void startTrino() throws Exception {
    declared = GlueTable.events();
    delivered = Delivered.sample(folder);
    Optional<Path> java25 = TrinoReader.java25Home();
    trino = java25.isPresent() ? TrinoReader.start(java25.get()) : null;
  }

  @BeforeEach
  void requireJava25() {
    assumeTrue(trino != null, TrinoReader::missingJava25);
  }

  @AfterAll
  static void stopTrino() throws Exception {
    if (trino != null) {
      trino.close();
      trino = null;
    }
  }
}
