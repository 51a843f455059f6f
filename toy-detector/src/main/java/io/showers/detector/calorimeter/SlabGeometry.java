package io.showers.detector.calorimeter;

import java.util.ArrayList;
import java.util.List;

/**
 * The calorimeter as a stack of slabs along z (millimetres, front face at z = 0, beam along +z):
 * for each sensitive layer an absorber slab (skipped when its thickness is zero) followed by a
 * silicon sensor slab. Transversely the slabs extend to ±{@code halfWidthMm}.
 */
final class SlabGeometry {
  final int slabs;
  final double[] zStartMm;
  final double[] zEndMm;
  /** 0 = absorber, 1 = sensor. */
  final int[] material;
  /** Sensitive layer index of a sensor slab, −1 for absorbers. */
  final int[] layer;
  /** Depth of each sensor layer's centre, in absorber radiation lengths (silicon counted too). */
  final double[] sensorDepthX0;
  final double totalDepthMm;
  final double halfWidthMm;
  final Material absorber;

  SlabGeometry(CalorimeterConfig config, double halfWidthMm) {
    this.absorber = Materials.get(config.absorber());
    Material si = Materials.silicon();
    double x0 = absorber.radiationLengthMm();
    double siMm = config.sensorThicknessUm() / 1000.0;
    List<double[]> list = new ArrayList<>();
    double z = 0;
    double depthX0 = 0;
    sensorDepthX0 = new double[config.layers()];
    for (int l = 0; l < config.layers(); l++) {
      double t = config.absorberBeforeLayerX0()[l];
      if (t > 0) {
        list.add(new double[] {z, z + t * x0, 0, -1});
        z += t * x0;
        depthX0 += t;
      }
      list.add(new double[] {z, z + siMm, 1, l});
      sensorDepthX0[l] = depthX0 + 0.5 * siMm / si.radiationLengthMm();
      z += siMm;
      depthX0 += siMm / si.radiationLengthMm();
    }
    slabs = list.size();
    zStartMm = new double[slabs];
    zEndMm = new double[slabs];
    material = new int[slabs];
    layer = new int[slabs];
    for (int i = 0; i < slabs; i++) {
      double[] s = list.get(i);
      zStartMm[i] = s[0];
      zEndMm[i] = s[1];
      material[i] = (int) s[2];
      layer[i] = (int) s[3];
    }
    totalDepthMm = z;
    this.halfWidthMm = halfWidthMm;
  }
}
