package io.showers.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --device gpu} hands the command to bin/showers-gpu (a JVM of its own) with the user's options, and returns
 * its exit code. A stand-in launcher records what it was given, so the hand-over is tested without a GPU.
 */
class GpuDeviceTest {
  @TempDir Path home;
  private String savedHome;

  @BeforeEach
  void fakeLauncher() throws IOException {
    savedHome = System.getProperty("showers.home");
    System.setProperty("showers.home", home.toString());
    Path bin = Files.createDirectories(home.resolve("bin"));
    Path launcher = bin.resolve("showers-gpu");
    Files.writeString(launcher, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done > \"$(dirname \"$0\")/args.txt\"\n"
        + "echo 'showers-gpu: error: no usable CUDA device: none found' >&2\nexit 4\n");
    assertTrue(launcher.toFile().setExecutable(true));
  }

  @AfterEach
  void restore() {
    if (savedHome == null) {
      System.clearProperty("showers.home");
    } else {
      System.setProperty("showers.home", savedHome);
    }
  }

  @Test
  void calorimeterGenerationIsHandedToTheGpuLauncherWithTheSameOptions() throws IOException {
    Path out = home.resolve("gpu.h5");
    CliTestSupport.Run r = CliTestSupport.run("generate", "calorimeter", "--device", "gpu", "-n", "500",
        "--energies", "20,50", "--seed", "3", "-o", out.toString(), "--allow-extrapolation");
    assertEquals(4, r.exitCode(), "the launcher's exit code comes back");
    List<String> args = Files.readAllLines(home.resolve("bin").resolve("args.txt"));
    assertEquals(List.of("generate", "calorimeter"), args.subList(0, 2));
    assertFalse(args.contains("--device") || args.contains("gpu"), args.toString());
    assertEquals("500", args.get(args.indexOf("--events") + 1));
    assertEquals("20,50", args.get(args.indexOf("--energies") + 1));
    assertEquals("3", args.get(args.indexOf("--seed") + 1));
    assertEquals(out.toString(), args.get(args.indexOf("--output") + 1));
    assertTrue(args.contains("--allow-extrapolation"), args.toString());
    assertFalse(Files.exists(out), "nothing written by this JVM");
  }

  @Test
  void airShowersAndUnknownDevicesAreRefused() {
    CliTestSupport.Run air = CliTestSupport.run("generate", "airshower", "--device", "gpu", "-n", "5", "-o",
        home.resolve("a.h5").toString());
    assertEquals(Showers.EXIT_BAD_INPUT, air.exitCode());
    assertTrue(air.err().contains("calorimeter surrogates"), air.err());
    CliTestSupport.Run tpu = CliTestSupport.run("generate", "calorimeter", "--device", "tpu", "-n", "5", "-o",
        home.resolve("c.h5").toString());
    assertEquals(Showers.EXIT_BAD_INPUT, tpu.exitCode());
    assertTrue(tpu.err().contains("expected cpu or gpu"), tpu.err());
    assertFalse(Files.exists(home.resolve("bin").resolve("args.txt")), "the launcher was not started");
  }
}
