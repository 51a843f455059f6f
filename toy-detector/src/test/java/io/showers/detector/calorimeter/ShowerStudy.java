package io.showers.detector.calorimeter;

import io.showers.detector.Seeds;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Test helper: runs the reference cascade for single showers and records the longitudinal
 * profile (all deposits, binned in absorber X0 of depth), the radial distribution of all deposits
 * around the shower axis, the sensor energy per layer and the energy ledger.
 */
final class ShowerStudy {

  /** A block of absorber {@code depthX0} deep with one sensor at the back (a homogeneous block). */
  static CalorimeterConfig block(String absorber, double depthX0) {
    return new CalorimeterConfig(absorber, new double[] {depthX0}, 300.0, 12, 15, 10.0, 2.0);
  }

  /** Fine sampling: {@code layers} sensors each behind {@code stepX0} of absorber. */
  static CalorimeterConfig fine(int layers, double stepX0) {
    double[] t = new double[layers];
    java.util.Arrays.fill(t, stepX0);
    return new CalorimeterConfig("W", t, 300.0, 12, 15, 10.0, 2.0);
  }

  /** Per-shower results. */
  static final class Shower {
    final double[] longitudinalMeV;
    final double[] radialMeV;
    final double[] sensorLayerMeV;
    final EnergyLedger ledger = new EnergyLedger();

    Shower(int depthBins, int radialBins, int layers) {
      longitudinalMeV = new double[depthBins];
      radialMeV = new double[radialBins];
      sensorLayerMeV = new double[layers];
    }

    double totalDepositMeV() {
      return ledger.absorberMeV + ledger.sensorMeV;
    }
  }

  final CalorimeterConfig config;
  final CascadeMonteCarlo cascade;
  final double depthBinX0;
  final int depthBins;
  final double radialBinMm;
  final int radialBins;
  private final double[] slabStartX0;
  private final double[] slabX0Mm;

  ShowerStudy(CalorimeterConfig config, CascadeSettings settings, double depthBinX0, double radialBinMm, int radialBins) {
    this.config = config;
    this.cascade = new CascadeMonteCarlo(config, settings);
    SlabGeometry g = cascade.geometry;
    this.depthBinX0 = depthBinX0;
    this.radialBinMm = radialBinMm;
    this.radialBins = radialBins;
    slabStartX0 = new double[g.slabs];
    slabX0Mm = new double[g.slabs];
    double d = 0;
    for (int s = 0; s < g.slabs; s++) {
      slabStartX0[s] = d;
      slabX0Mm[s] = cascade.physics[g.material[s]].x0Mm;
      d += (g.zEndMm[s] - g.zStartMm[s]) / slabX0Mm[s];
    }
    this.depthBins = (int) Math.ceil(d / depthBinX0) + 1;
  }

  ShowerStudy(CalorimeterConfig config, double depthBinX0, double radialBinMm, int radialBins) {
    this(config, CascadeSettings.defaults(), depthBinX0, radialBinMm, radialBins);
  }

  Shower[] run(int pdg, double energyGeV, int events, long seed) {
    Shower[] out = new Shower[events];
    CascadeMonteCarlo.Worker w = cascade.newWorker();
    SlabGeometry g = cascade.geometry;
    for (int i = 0; i < events; i++) {
      Shower sh = new Shower(depthBins, radialBins, config.layers());
      DepositSink sink = (slab, x, y, z, e) -> {
        double depth = slabStartX0[slab] + (z - g.zStartMm[slab]) / slabX0Mm[slab];
        int b = Math.min(depthBins - 1, Math.max(0, (int) (depth / depthBinX0)));
        sh.longitudinalMeV[b] += e;
        int rb = Math.min(radialBins - 1, (int) (Math.sqrt(x * x + y * y) / radialBinMm));
        sh.radialMeV[rb] += e;
        if (g.layer[slab] >= 0) {
          sh.sensorLayerMeV[g.layer[slab]] += e;
        }
      };
      UniformRandomProvider rng = Seeds.rng(Seeds.event(seed, i));
      w.run(pdg, ReferenceCalorimeter.kineticMeV(pdg, energyGeV), 0, 0, rng, sink, sh.ledger);
      out[i] = sh;
    }
    return out;
  }

  /** Mean longitudinal profile, MeV per bin. */
  static double[] meanLongitudinal(Shower[] s) {
    double[] m = new double[s[0].longitudinalMeV.length];
    for (Shower x : s) {
      for (int i = 0; i < m.length; i++) {
        m[i] += x.longitudinalMeV[i] / s.length;
      }
    }
    return m;
  }

  /** Mean radial distribution, MeV per bin. */
  static double[] meanRadial(Shower[] s) {
    double[] m = new double[s[0].radialMeV.length];
    for (Shower x : s) {
      for (int i = 0; i < m.length; i++) {
        m[i] += x.radialMeV[i] / s.length;
      }
    }
    return m;
  }

  /** Fraction of the radial distribution within {@code radiusMm}. */
  double containedFraction(double[] radial, double radiusMm) {
    double in = 0;
    double all = 0;
    for (int i = 0; i < radial.length; i++) {
      double lo = i * radialBinMm;
      double hi = lo + radialBinMm;
      all += radial[i];
      if (hi <= radiusMm) {
        in += radial[i];
      } else if (lo < radiusMm) {
        in += radial[i] * (radiusMm - lo) / radialBinMm;
      }
    }
    return in / all;
  }

  /** Depth (X0) of the maximum of a profile from a parabola through the highest bin. */
  double peakDepthX0(double[] profile) {
    int k = 1;
    for (int i = 1; i < profile.length - 1; i++) {
      if (profile[i] > profile[k]) {
        k = i;
      }
    }
    double a = profile[k - 1];
    double b = profile[k];
    double c = profile[k + 1];
    double off = 0.5 * (a - c) / (a - 2 * b + c);
    return (k + 0.5 + off) * depthBinX0;
  }
}
