package io.showers.datasets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writing an output file so that it appears whole or not at all: event files, models, checkpoints, reports. A
 * reader (or an interrupted run's next attempt) never finds a half-written file under the final name.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Writes a file's content to a path it is given (a temporary one). */
  @FunctionalInterface
  public interface Content {
    void writeTo(Path tmp) throws IOException;
  }

  /**
   * Writes {@code file} through a hidden temporary file in the same directory, made readable by all and renamed
   * over {@code file} when {@code content} has finished: a reader never sees a half-written file, and a failure
   * leaves no temporary file behind. The caller decides whether overwriting is allowed.
   */
  public static void write(Path file, Content content) throws IOException {
    Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".partial");
    try {
      content.writeTo(tmp);
      readableByAll(tmp);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      // after the rename there is nothing left to delete; after a failure the hidden partial file goes
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // a hidden temporary name: never mistaken for a result
      }
    }
  }

  /** {@link #write} of a UTF-8 text. */
  public static void writeString(Path file, CharSequence text) throws IOException {
    write(file, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
  }

  /** {@link #write} of bytes. */
  public static void write(Path file, byte[] bytes) throws IOException {
    write(file, tmp -> Files.write(tmp, bytes));
  }

  /** Temporary files are created owner-only; a finished output is rw-r--r-- like any other. */
  public static void readableByAll(Path p) throws IOException {
    try {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: keep the default
    }
  }
}
