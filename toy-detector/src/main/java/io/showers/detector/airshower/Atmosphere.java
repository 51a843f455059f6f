package io.showers.detector.airshower;

import org.hipparchus.analysis.integration.IterativeLegendreGaussIntegrator;
import org.hipparchus.util.FastMath;

/**
 * The US standard atmosphere in the five-layer parametrisation of J. Linsley used by CORSIKA
 * (atmosphere model 1, "U.S. standard after Linsley").
 *
 * <p>Vertical depth (overburden) above altitude h: {@code T(h) = a_i + b_i exp(-h / c_i)} in
 * layers 1–4 and {@code T(h) = a_5 − b_5 h / c_5} in layer 5; T is 0 above 112.8 km. Sea level
 * has 1036.1 g/cm², the default array altitude 1400 m has 875.5 g/cm².
 *
 * <p>Slant depths use the flat-earth approximation {@code X = T(h) / cos θ}. Against the exact
 * line-of-sight integral over a spherical earth ({@link #slantDepthCurvedEarth}) it is better
 * than 0.5% up to 60° zenith at ground level (tested), which is the zenith range of the
 * primaries; it diverges towards the horizon and must not be used beyond about 75°.
 */
public final class Atmosphere {

  /** Mean earth radius, metres (for the curved-earth reference integral only). */
  public static final double EARTH_RADIUS_M = 6_371_000.0;

  /** Top of the atmosphere of this model, metres a.s.l. */
  public static final double TOP_M = 112_829.2;

  // Layer lower boundaries (m) and Linsley's a (g/cm²), b (g/cm²), c (m).
  private static final double[] H = {0.0, 4_000.0, 10_000.0, 40_000.0, 100_000.0};
  private static final double[] A = {-186.555305, -94.919, 0.61289, 0.0, 0.01128292};
  private static final double[] B = {1222.6562, 1144.9069, 1305.5948, 540.1778, 1.0};
  private static final double[] C = {9941.8638, 8781.5355, 6361.4304, 7721.7016, 1.0e7};

  private static final Atmosphere US_STANDARD = new Atmosphere();

  private final double[] depthAtBoundary = new double[H.length];

  private Atmosphere() {
    for (int i = 0; i < H.length; i++) {
      depthAtBoundary[i] = verticalDepth(H[i]);
    }
  }

  /** The CORSIKA/Linsley US standard atmosphere. */
  public static Atmosphere usStandard() {
    return US_STANDARD;
  }

  private static int layer(double altitudeM) {
    for (int i = H.length - 1; i > 0; i--) {
      if (altitudeM >= H[i]) {
        return i;
      }
    }
    return 0; // also extends layer 1 below sea level
  }

  /** Vertical depth above {@code altitudeM} (metres a.s.l.), g/cm². */
  public double verticalDepth(double altitudeM) {
    if (altitudeM >= TOP_M) {
      return 0.0;
    }
    int i = layer(altitudeM);
    if (i == 4) {
      return A[4] - B[4] * altitudeM / C[4];
    }
    return A[i] + B[i] * FastMath.exp(-altitudeM / C[i]);
  }

  /** Altitude (metres a.s.l.) at which the vertical depth is {@code depthGcm2}; the inverse of {@link #verticalDepth}. */
  public double altitude(double verticalDepthGcm2) {
    if (verticalDepthGcm2 <= 0) {
      return TOP_M;
    }
    int i = 0;
    for (int k = H.length - 1; k > 0; k--) {
      if (verticalDepthGcm2 <= depthAtBoundary[k]) {
        i = k;
        break;
      }
    }
    if (i == 4) {
      return (A[4] - verticalDepthGcm2) * C[4] / B[4];
    }
    return -C[i] * FastMath.log((verticalDepthGcm2 - A[i]) / B[i]);
  }

  /** Air density at {@code altitudeM}, g/cm² per metre of height (= 100 × g/cm³). */
  public double densityPerM(double altitudeM) {
    if (altitudeM >= TOP_M) {
      return 0.0;
    }
    int i = layer(altitudeM);
    if (i == 4) {
      return B[4] / C[4];
    }
    return B[i] / C[i] * FastMath.exp(-altitudeM / C[i]);
  }

  /** Slant depth (flat earth) above a point at {@code altitudeM} along a direction of zenith angle θ, g/cm². */
  public double slantDepth(double altitudeM, double zenithRad) {
    return verticalDepth(altitudeM) / FastMath.cos(zenithRad);
  }

  /**
   * Altitude (m a.s.l.) of the point on an axis of zenith θ where the slant depth (flat earth)
   * reaches {@code slantDepthGcm2}.
   */
  public double altitudeAtSlantDepth(double slantDepthGcm2, double zenithRad) {
    return altitude(slantDepthGcm2 * FastMath.cos(zenithRad));
  }

  /**
   * Exact slant depth above a point at {@code altitudeM} along a straight line of zenith θ
   * (at that point) through a spherical atmosphere: the integral of the density along the line,
   * by Gauss–Legendre quadrature (hipparchus). Reference for the flat-earth approximation.
   */
  public double slantDepthCurvedEarth(double altitudeM, double zenithRad) {
    double r0 = EARTH_RADIUS_M + altitudeM;
    double cos = FastMath.cos(zenithRad);
    // path length s at which the line reaches altitude h: (R+h)² = r0² + s² + 2 r0 s cosθ
    java.util.function.DoubleUnaryOperator pathTo = h -> {
      double rh = EARTH_RADIUS_M + h;
      return -r0 * cos + FastMath.sqrt(r0 * r0 * cos * cos - r0 * r0 + rh * rh);
    };
    IterativeLegendreGaussIntegrator integrator =
        new IterativeLegendreGaussIntegrator(16, 1e-10, 1e-9);
    double total = 0;
    double sLow = 0;
    double[] bounds = {H[1], H[2], H[3], H[4], TOP_M};
    for (double hb : bounds) {
      if (hb <= altitudeM) {
        continue;
      }
      double sHigh = pathTo.applyAsDouble(hb);
      // split long pieces so the quadrature resolves the exponential
      int pieces = 8;
      for (int k = 0; k < pieces; k++) {
        double a = sLow + (sHigh - sLow) * k / pieces;
        double b = sLow + (sHigh - sLow) * (k + 1) / pieces;
        total += integrator.integrate(100_000, s -> {
          double rr = FastMath.sqrt(r0 * r0 + s * s + 2 * r0 * s * cos);
          return densityPerM(rr - EARTH_RADIUS_M);
        }, a, b);
      }
      sLow = sHigh;
    }
    return total;
  }
}
