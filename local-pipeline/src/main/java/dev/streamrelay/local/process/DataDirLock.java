package dev.streamrelay.local.process;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The lock a running pipeline holds on its data directory ({@code <dataDir>/.lock}), with the
 * launcher's pid written in it, so {@code run.sh stop} finds the process and a second pipeline on
 * the same directory is refused. No logger here: the launcher checks the lock before it sets up
 * logging.
 */
public final class DataDirLock implements AutoCloseable {

  static final String FILE = ".lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock and writes this process's pid in it, or returns empty if another holds it. */
  public static Optional<DataDirLock> tryTake(Path dataDir) throws IOException {
    FileChannel ch =
        FileChannel.open(
            dataDir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      ch.close();
      return Optional.empty();
    }
    ch.truncate(0);
    ch.write(
        ByteBuffer.wrap(
            (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
    ch.force(false);
    return Optional.of(new DataDirLock(ch, lock));
  }

  /** The pid of the process holding the lock on {@code dataDir}, or empty when none does. */
  public static OptionalLong holder(Path dataDir) throws IOException {
    Path file = dataDir.toAbsolutePath().resolve(FILE);
    if (!Files.exists(file)) {
      return OptionalLong.empty();
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      FileLock probe;
      try {
        probe = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        probe = null;
      }
      if (probe != null) {
        probe.release();
        return OptionalLong.empty();
      }
    }
    String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
    try {
      return OptionalLong.of(Long.parseLong(text));
    } catch (NumberFormatException e) {
      throw new IOException("The lock file " + file + " holds no pid: '" + text + "'", e);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
