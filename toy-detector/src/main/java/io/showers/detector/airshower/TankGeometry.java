package io.showers.detector.airshower;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hipparchus.util.FastMath;

/**
 * A cylindrical water tank (radius R from the top area, water height h) crossed by parallel
 * muons of zenith θ. A vertical through-going muon deposits 1 VEM; a muon deposits in
 * proportion to its track length L, i.e. L / h VEM.
 *
 * <p>The tank presents the projected area A⊥(θ) = π R² cos θ + 2 R h sin θ to the muons, and
 * the mean track length is V / A⊥ exactly, so a muon density ρ⊥ (per m² perpendicular to the
 * shower axis) gives on average ρ⊥ A⊥ muons and ρ⊥ π R² VEM, whatever θ: inclined muons are
 * fewer per tank but longer. Single-muon signals spread from short corner clips to the tank
 * diagonal; the second moment E[(L/h)²] the fast mode needs is tabulated by quadrature.
 */
final class TankGeometry {
  private static final int TABLE_STEPS = 180; // 0.5° steps up to 90°
  private static final Map<String, double[]> SECOND_MOMENTS = new ConcurrentHashMap<>();

  private final double radiusM;
  private final double heightM;
  private final double topAreaM2;
  private final double[] secondMoment; // E[(L/h)²] vs zenith, 0.5° steps

  TankGeometry(double topAreaM2, double heightM) {
    this.topAreaM2 = topAreaM2;
    this.heightM = heightM;
    this.radiusM = FastMath.sqrt(topAreaM2 / FastMath.PI);
    this.secondMoment = SECOND_MOMENTS.computeIfAbsent(
        topAreaM2 + "/" + heightM, k -> tabulateSecondMoment(radiusM, heightM));
  }

  double topAreaM2() {
    return topAreaM2;
  }

  /** Area the tank presents to parallel particles of zenith θ, m². */
  double projectedAreaM2(double cosZenith, double sinZenith) {
    return topAreaM2 * cosZenith + 2 * radiusM * heightM * sinZenith;
  }

  /** Mean muon signal E[L/h] = A_top / A⊥(θ), VEM. */
  double meanMuonVem(double cosZenith, double sinZenith) {
    return topAreaM2 / projectedAreaM2(cosZenith, sinZenith);
  }

  /** Second moment E[(L/h)²] of the single-muon signal at zenith θ (interpolated), VEM². */
  double secondMomentMuonVem2(double zenithRad) {
    double x = FastMath.min(zenithRad, FastMath.PI / 2) / (FastMath.PI / 2) * TABLE_STEPS;
    int i = (int) FastMath.min(x, TABLE_STEPS - 1);
    double w = x - i;
    return secondMoment[i] * (1 - w) + secondMoment[i + 1] * w;
  }

  /** Track length / h of one muon entering the tank at a uniformly random point of A⊥: VEM. */
  double sampleMuonVem(RandomDraws draws, double cosZenith, double sinZenith) {
    double top = topAreaM2 * cosZenith;
    double side = 2 * radiusM * heightM * sinZenith;
    double x;
    double y;
    double z;
    if (draws.uniform() * (top + side) < top) {
      // uniform point on the lid (rejection from the square)
      do {
        x = radiusM * (2 * draws.uniform() - 1);
        y = radiusM * (2 * draws.uniform() - 1);
      } while (x * x + y * y > radiusM * radiusM);
      z = heightM;
    } else {
      // the lit half of the wall, seen along the direction: uniform in y and in height
      y = radiusM * (2 * draws.uniform() - 1);
      x = -FastMath.sqrt(FastMath.max(0, radiusM * radiusM - y * y));
      z = heightM * draws.uniform();
    }
    return chord(x, y, z, cosZenith, sinZenith, radiusM) / heightM;
  }

  /** Path from an entry point (x, y, z) along (sinθ, 0, −cosθ) to the wall or the floor, m. */
  private static double chord(double x, double y, double z, double cos, double sin, double r) {
    double toFloor = cos > 1e-12 ? z / cos : Double.POSITIVE_INFINITY;
    double toWall = sin > 1e-12
        ? (FastMath.sqrt(FastMath.max(0, r * r - y * y)) - x) / sin
        : Double.POSITIVE_INFINITY;
    return FastMath.min(toFloor, toWall);
  }

  private static double[] tabulateSecondMoment(double r, double h) {
    double[] table = new double[TABLE_STEPS + 1];
    int n = 160; // midpoint grid per dimension
    for (int t = 0; t <= TABLE_STEPS; t++) {
      double theta = FastMath.PI / 2 * t / TABLE_STEPS;
      double cos = FastMath.cos(theta);
      double sin = FastMath.sin(theta);
      double wTop = FastMath.PI * r * r * cos;
      double wSide = 2 * r * h * sin;
      double sumTop = 0;
      int inside = 0;
      if (wTop > 0) {
        for (int i = 0; i < n; i++) {
          double x = r * (2 * (i + 0.5) / n - 1);
          for (int j = 0; j < n; j++) {
            double y = r * (2 * (j + 0.5) / n - 1);
            if (x * x + y * y <= r * r) {
              double l = chord(x, y, h, cos, sin, r) / h;
              sumTop += l * l;
              inside++;
            }
          }
        }
        sumTop /= inside;
      }
      double sumSide = 0;
      if (wSide > 0) {
        for (int i = 0; i < n; i++) {
          double y = r * (2 * (i + 0.5) / n - 1);
          double x = -FastMath.sqrt(r * r - y * y);
          for (int j = 0; j < n; j++) {
            double z = h * (j + 0.5) / n;
            double l = chord(x, y, z, cos, sin, r) / h;
            sumSide += l * l;
          }
        }
        sumSide /= (double) n * n;
      }
      table[t] = (wTop * sumTop + wSide * sumSide) / (wTop + wSide);
    }
    return table;
  }
}
