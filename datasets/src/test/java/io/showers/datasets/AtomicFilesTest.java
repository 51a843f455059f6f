package io.showers.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  @Test
  void aFinishedFileIsWholeAndReadableByAll() throws IOException {
    Path f = dir.resolve("model.json");
    AtomicFiles.writeString(f, "{\"a\": 1}\n");
    assertEquals("{\"a\": 1}\n", Files.readString(f));
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)),
        "temporary files are owner-only; a finished output is not");
    AtomicFiles.write(f, new byte[] {1, 2, 3});
    assertEquals(3, Files.size(f), "replaced");
    assertEquals(List.of("model.json"), names(), "no temporary file left beside it");
  }

  @Test
  void aFailedWriteLeavesTheOldFileAndNoPartialOne() throws IOException {
    Path f = dir.resolve("report.md");
    AtomicFiles.writeString(f, "old");
    IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(f, tmp -> {
      Files.writeString(tmp, "half a rep");
      throw new IOException("disk full");
    }));
    assertEquals("disk full", e.getMessage());
    assertEquals("old", Files.readString(f), "the previous file is untouched");
    assertEquals(List.of("report.md"), names(), "the hidden partial file was removed");
    assertThrows(IOException.class, () -> AtomicFiles.write(dir.resolve("never.md"), tmp -> {
      throw new IOException("failed before writing");
    }));
    assertTrue(Files.notExists(dir.resolve("never.md")), "nothing appears under the final name");
  }

  private List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
