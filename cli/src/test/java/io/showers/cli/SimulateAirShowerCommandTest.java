package io.showers.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateAirShowerCommandTest {
  @TempDir Path dir;

  @Test
  void writesFilesInBothModesAndRefusesToOverwriteWithoutForce() {
    Path f = dir.resolve("air.h5");
    CliTestSupport.Run r = CliTestSupport.run("simulate", "airshower", "-n", "5", "--seed", "3",
        "--threads", "2", "--mode", "reference", "--traces", "--energy-range", "3:10",
        "--spectrum", "power:2.7", "--zenith-max", "45", "--composition", "p:0.5,Fe:0.5", "-o", f.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(Files.exists(f));
    CliTestSupport.Run again = CliTestSupport.run("simulate", "airshower", "-n", "5", "--seed", "4",
        "--mode", "fast", "-o", f.toString());
    assertTrue(again.exitCode() != 0, "existing output without --force must fail");
    CliTestSupport.Run forced = CliTestSupport.run("simulate", "airshower", "-n", "20", "--seed", "4",
        "--mode", "fast", "--realism", "data", "--force", "-o", f.toString());
    assertEquals(0, forced.exitCode(), forced.err());
    CliTestSupport.Run info = CliTestSupport.run("inspect", f.toString());
    assertTrue(info.out().contains("\"realism\"") && info.out().contains("data")
        && info.out().contains("fast"), info.out());
  }

  @Test
  void badSettingsFailWithAOneLineMessageAndNoFile() {
    Path f = dir.resolve("bad.h5");
    String[][] cases = {
        {"--energy-range", "0.01:100", "0.01"}, {"--energy-range", "30:3", "min < max"},
        {"--energy-range", "3", "MIN:MAX"}, {"--zenith-max", "95", "95"},
        {"--composition", "p:0.5,Xe:0.5", "Xe"}, {"--composition", "p:-1,Fe:1", "-1"},
        {"--spectrum", "flat", "flat"}, {"--mode", "slow", "slow"}, {"--realism", "real", "real"},
        {"--mode", "fast", "--traces"}};
    for (String[] bad : cases) {
      String expected = bad[bad.length - 1];
      String[] opts = bad.length == 4 ? new String[] {bad[0], bad[1], bad[2]} : new String[] {bad[0], bad[1]};
      if (bad.length == 3 && bad[2].equals("--traces")) {
        opts = new String[] {bad[0], bad[1], bad[2]};
      }
      String[] base = {"simulate", "airshower", "-n", "2", "-o", f.toString()};
      String[] args = new String[base.length + opts.length];
      System.arraycopy(base, 0, args, 0, base.length);
      System.arraycopy(opts, 0, args, base.length, opts.length);
      CliTestSupport.Run r = CliTestSupport.run(args);
      assertTrue(r.exitCode() != 0, String.join(" ", opts));
      if (!opts[opts.length - 1].equals("--traces")) {
        assertTrue(r.err().contains(expected), String.join(" ", opts) + " -> " + r.err());
      } else {
        assertTrue(r.err().contains("--mode reference"), r.err());
      }
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertFalse(Files.exists(f));
    }
    CliTestSupport.Run zero = CliTestSupport.run("simulate", "airshower", "-n", "0", "-o", f.toString());
    assertTrue(zero.exitCode() != 0 && zero.err().contains("-n 0"), zero.err());
    assertFalse(Files.exists(f));
  }
}
