package io.showers.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCalorimeterCommandTest {
  @TempDir Path dir;

  @Test
  void writesAFileInBothModesAndRefusesToOverwriteWithoutForce() {
    Path f = dir.resolve("calo.h5");
    CliTestSupport.Run r = CliTestSupport.run("simulate", "calorimeter", "-n", "6", "--seed", "3",
        "--threads", "2", "--mode", "parametrised", "--particle", "gamma", "--energies", "20,50",
        "--beam-spot", "uniform:5", "-o", f.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(Files.exists(f));
    CliTestSupport.Run again = CliTestSupport.run("simulate", "calorimeter", "-n", "6", "--seed", "4",
        "--mode", "parametrised", "-o", f.toString());
    assertTrue(again.exitCode() != 0, "existing output without --force must fail");
    CliTestSupport.Run ref = CliTestSupport.run("simulate", "calorimeter", "-n", "2", "--energy", "2",
        "--mode", "reference", "--realism", "data", "-o", dir.resolve("ref.h5").toString());
    assertEquals(0, ref.exitCode(), ref.err());
    CliTestSupport.Run info = CliTestSupport.run("inspect", dir.resolve("ref.h5").toString());
    assertTrue(info.out().contains("\"realism\"") && info.out().contains("data"), info.out());
  }

  @Test
  void badBeamSettingsFailWithAOneLineMessageAndNoFile() {
    Path f = dir.resolve("bad.h5");
    for (String[] bad : new String[][] {
        {"--energy", "-5"}, {"--energy", "1000"}, {"--particle", "proton"},
        {"--energy-range", "100:10"}, {"--mode", "geant4"}, {"--realism", "real"},
        {"--beam-spot", "square:3", "square"}}) {
      String expected = bad.length > 2 ? bad[2] : bad[1].replace("-5", "-5.0").replace("1000", "1000.0")
          .replace("100:10", "100.0:10.0");
      bad = new String[] {bad[0], bad[1]};
      String[] args = new String[6 + bad.length];
      String[] base = {"simulate", "calorimeter", "-n", "2", "-o", f.toString()};
      System.arraycopy(base, 0, args, 0, 6);
      System.arraycopy(bad, 0, args, 6, bad.length);
      CliTestSupport.Run r = CliTestSupport.run(args);
      assertTrue(r.exitCode() != 0, String.join(" ", bad));
      assertTrue(r.err().contains(expected), String.join(" ", bad) + " -> " + r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertFalse(Files.exists(f));
    }
  }
}
