package io.showers.generative.wgan;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.showers.generative.nn.DenseNet;
import io.showers.generative.nn.DenseSpec;
import io.showers.generative.nn.ModelFormatException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Non-finite training data, inconsistent shapes and missing or corrupt model files give clear errors. */
class BadInputTest {

  @Test
  void nonFiniteTrainingDataIsRejectedNamingArrayAndIndex() {
    float[] x = new float[12];
    x[7] = Float.NaN;
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TrainingData.of(x, 3, new float[4], 1));
    assertTrue(e.getMessage().contains("events[7]") && e.getMessage().contains("row 2, column 1"), e.getMessage());
    float[] y = new float[4];
    y[3] = Float.POSITIVE_INFINITY;
    e = assertThrows(IllegalArgumentException.class, () -> TrainingData.of(new float[12], 3, y, 1));
    assertTrue(e.getMessage().contains("labels[3]") && e.getMessage().contains("Infinity"), e.getMessage());
  }

  @Test
  void inconsistentShapesAreRejected() throws Exception {
    assertThrows(IllegalArgumentException.class, () -> TrainingData.of(new float[10], 3, new float[3], 1));
    assertThrows(IllegalArgumentException.class, () -> TrainingData.of(new float[12], 3, new float[3], 1));
    WganTrainer t = WganTrainer.create(WganConfig.builder(2, 1).generatorHidden(4).criticHidden(4).build());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> t.train(TrainingData.of(new float[12], 3, new float[4], 1), 1, null));
    assertTrue(e.getMessage().contains("expects 2"), e.getMessage());
    Generator g = t.generator();
    assertThrows(IllegalArgumentException.class, () -> g.generate(new float[16 * 3], new float[2], 3));
  }

  @Test
  void missingOrCorruptModelDirectoryFailsClearly(@TempDir Path dir) throws Exception {
    NoSuchFileException missing = assertThrows(NoSuchFileException.class, () -> Generator.load(dir.resolve("nope")));
    assertTrue(missing.getMessage().contains("nope"), missing.getMessage());
    assertThrows(NoSuchFileException.class, () -> Generator.load(dir));

    Generator g = new Generator(DenseNet.initialise(DenseSpec.of(5, 16, 4), 3), 3, 2, NoiseDistribution.GAUSSIAN);
    Path model = dir.resolve("model");
    g.save(model);
    Generator.load(model); // fine

    Path weights = model.resolve(Generator.WEIGHTS_FILE);
    byte[] good = Files.readAllBytes(weights);
    byte[] flipped = good.clone();
    flipped[good.length / 2] ^= 0x10;
    Files.write(weights, flipped);
    ModelFormatException e = assertThrows(ModelFormatException.class, () -> Generator.load(model));
    assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
    Files.write(weights, java.util.Arrays.copyOf(good, good.length - 100));
    assertThrows(ModelFormatException.class, () -> Generator.load(model));
    Files.write(weights, "not weights".getBytes());
    assertThrows(ModelFormatException.class, () -> Generator.load(model));
    Files.delete(weights);
    assertThrows(NoSuchFileException.class, () -> Generator.load(model));
    Files.write(weights, good);

    Path json = model.resolve(Generator.JSON_FILE);
    String text = Files.readString(json);
    Files.writeString(json, text.substring(0, text.length() / 2));
    e = assertThrows(ModelFormatException.class, () -> Generator.load(model));
    assertTrue(e.getMessage().contains(Generator.JSON_FILE), e.getMessage());
    // a spec that does not match the stored weights
    Files.writeString(json, text.replace("16", "17"));
    e = assertThrows(ModelFormatException.class, () -> Generator.load(model));
    assertTrue(e.getMessage().contains("inconsistent"), e.getMessage());
  }

  @Test
  void missingOrCorruptCheckpointFailsClearly(@TempDir Path dir) throws Exception {
    assertThrows(NoSuchFileException.class, () -> WganTrainer.resume(dir));
    WganTrainer t = WganTrainer.create(WganConfig.builder(2, 1).generatorHidden(4).criticHidden(4).build());
    t.saveCheckpoint(dir);
    WganTrainer.resume(dir);
    Path state = dir.resolve("step-000000000/state.weights");
    byte[] b = Files.readAllBytes(state);
    b[b.length - 20] ^= 1;
    Files.write(state, b);
    assertThrows(ModelFormatException.class, () -> WganTrainer.resume(dir));
    Files.writeString(dir.resolve("LATEST"), "garbage");
    assertThrows(ModelFormatException.class, () -> WganTrainer.resume(dir));
  }
}
