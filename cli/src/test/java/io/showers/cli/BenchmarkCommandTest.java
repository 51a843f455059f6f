package io.showers.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Option checks of showers benchmark (the suite itself is too slow for unit tests). */
class BenchmarkCommandTest {
  @TempDir Path dir;

  @Test
  void refusesNonEmptyOutputWithoutForce() throws Exception {
    Path out = dir.resolve("out");
    Files.createDirectories(out);
    Files.writeString(out.resolve("old.txt"), "x");
    CliTestSupport.Run r = CliTestSupport.run("benchmark", "--quick", "-o", out.toString());
    assertEquals(Showers.EXIT_BAD_INPUT, r.exitCode(), r.err());
    assertTrue(r.err().contains("not empty") && r.err().contains("--force"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }

  @Test
  void refusesBadOptions() throws Exception {
    CliTestSupport.Run r = CliTestSupport.run("benchmark", "--bogus");
    assertEquals(Showers.EXIT_BAD_INPUT, r.exitCode());
    assertTrue(r.err().contains("--bogus"), r.err());
    r = CliTestSupport.run("benchmark", "--quick", "-o", dir.resolve("a").toString(), "--model",
        dir.resolve("missing-model").toString());
    assertEquals(Showers.EXIT_BAD_INPUT, r.exitCode());
    assertTrue(r.err().contains("missing-model"), r.err());
    r = CliTestSupport.run("benchmark", "--quick", "-o", dir.resolve("c").toString(), "--air-model",
        dir.resolve("missing-air-model").toString());
    assertEquals(Showers.EXIT_BAD_INPUT, r.exitCode());
    assertTrue(r.err().contains("--air-model") && r.err().contains("missing-air-model"), r.err());
    assertFalse(Files.exists(dir.resolve("c")), "nothing written on bad input");
    r = CliTestSupport.run("benchmark", "--quick", "-o", dir.resolve("b").toString(), "--threads", "0");
    assertEquals(Showers.EXIT_BAD_INPUT, r.exitCode());
    assertTrue(r.err().contains("--threads"), r.err());
    Path file = dir.resolve("file.txt");
    Files.writeString(file, "x");
    r = CliTestSupport.run("benchmark", "-o", file.toString());
    assertEquals(Showers.EXIT_BAD_INPUT, r.exitCode());
    assertTrue(r.err().contains("not a directory"), r.err());
  }

  @Test
  void helpDescribesTheReport() {
    CliTestSupport.Run r = CliTestSupport.run("benchmark", "--help");
    assertEquals(0, r.exitCode());
    assertTrue(r.out().contains("--quick") && r.out().contains("benchmark.md"), r.out());
  }
}
