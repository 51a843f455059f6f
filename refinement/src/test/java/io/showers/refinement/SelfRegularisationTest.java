package io.showers.refinement;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.showers.generative.nn.DenseNet;
import io.showers.generative.nn.DenseSpec;
import io.showers.generative.nn.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The self-regularisation {@code alpha · mean |f|} counts a unit's correction in full, and a proposal
 * for an absent unit in full when the detector's rules keep it, with its empty-target weight when
 * they drop it.
 */
class SelfRegularisationTest {

  /**
   * Two units: unit 0 present (0.8), unit 1 absent (0); a threshold of 0.5 drops any value below.
   * Row 0 corrects unit 0 by {@code a}, row 1 proposes unit 1 at {@code b}.
   */
  private static final class TwoUnits extends ResidualRefiner {
    TwoUnits(float a, float b) {
      super(DenseNet.initialise(DenseSpec.of(1, 2), 1));
      net.weight(0).assign(Nd4j.create(new float[] {a, b}, new long[] {1, 2}, 'c'));
      net.bias(0).assign(0);
    }

    @Override
    int eventDim() {
      return 2;
    }

    @Override
    UnitFeatures features(float[] x, int n, Rng noise) {
      return new UnitFeatures(Nd4j.create(new float[] {1, 1}, new long[] {2, 1}, 'c'), 2,
          new int[][] {{0, -1}, {-1, 1}}, new float[] {1f, 1f}, null, new float[] {1f, DROPPED});
    }

    @Override
    void project(float[] y, int n) {
      for (int i = 0; i < y.length; i++) {
        y[i] = y[i] < 0.5f ? 0f : y[i];
      }
    }

    @Override
    boolean frozen(int flat) {
      return false;
    }
  }

  private static final float[] EVENT = {0.8f, 0f};
  private static final float DROPPED = 0.25f;

  @Test
  void aProposalTheRulesDropCountsItsEmptyTargetWeight() {
    TwoUnits r = new TwoUnits(0.1f, 0.3f);
    ResidualRefiner.Pass p = r.pass(EVENT, 1, new Rng(1), true);
    assertEquals(0f, p.refined()[1], 0f);
    assertEquals((0.1 + DROPPED * 0.3) / 2, p.meanAbsCorrection(), 1e-7);
    DenseNet.Gradient g = r.net().newGradient();
    p.backward(new float[2], 1.0, g);
    assertEquals(0.5, g.bias(0).getDouble(0), 1e-7, "the correction of a present unit is regularised");
    assertEquals(DROPPED * 0.5, g.bias(0).getDouble(1), 1e-7, "a dropped proposal counts its weight");
  }

  @Test
  void aProposalTheRulesKeepIsRegularised() {
    TwoUnits r = new TwoUnits(-0.1f, 0.7f);
    ResidualRefiner.Pass p = r.pass(EVENT, 1, new Rng(1), true);
    assertEquals(0.7f, p.refined()[1], 1e-7f);
    assertEquals((0.1 + 0.7) / 2, p.meanAbsCorrection(), 1e-7);
    DenseNet.Gradient g = r.net().newGradient();
    p.backward(new float[2], 1.0, g);
    assertEquals(-0.5, g.bias(0).getDouble(0), 1e-7);
    assertEquals(0.5, g.bias(0).getDouble(1), 1e-7);
  }
}
