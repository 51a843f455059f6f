package io.showers.detector.airshower;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hipparchus.util.FastMath;

/**
 * What a station trace makes of particles whose arrival delays after the trace start are
 * {@code pre + d}, d log-normal with median m and log-width σ, each giving a PMT pulse
 * (q/τ) e^(−(t − t_i)/τ): a particle's contribution to the integral of an
 * {@code bins × binNs} trace is its deposit times w(d) = 1 − e^(−(T − pre − d)/τ) (0 when it
 * comes after the trace end T).
 *
 * <p>Tabulated once per (σ, τ, trace layout) on a grid of ln m by quadrature over the normal
 * variable of the delay, and interpolated: the trace fraction E[w], its second moment E[w²]
 * (for the Gaussian shortcut of the fast mode) and the mean pulse shape per bin (for the
 * saturation of large signals in the fast mode). The reference mode never uses these tables:
 * it builds the trace particle by particle.
 */
final class PulseResponse {
  private static final double LN_MIN = FastMath.log(1.0); // 1 ns
  private static final double LN_MAX = FastMath.log(1.0e5); // 100 µs
  private static final int GRID = 240;
  private static final double STEP = (LN_MAX - LN_MIN) / (GRID - 1);
  private static final Map<String, PulseResponse> CACHE = new ConcurrentHashMap<>();

  private final int bins;
  private final double[] fraction = new double[GRID];
  private final double[] secondMoment = new double[GRID];
  private final double[] shape; // GRID × bins

  static PulseResponse of(double sigma, double pmtDecayNs, int bins, double binNs, double preNs) {
    String key = sigma + "/" + pmtDecayNs + "/" + bins + "/" + binNs + "/" + preNs;
    return CACHE.computeIfAbsent(key, k -> new PulseResponse(sigma, pmtDecayNs, bins, binNs, preNs));
  }

  private PulseResponse(double sigma, double tau, int bins, double binNs, double preNs) {
    this.bins = bins;
    this.shape = new double[GRID * bins];
    double windowNs = bins * binNs;
    double decayPerBin = FastMath.exp(-binNs / tau);
    int nz = 1401;
    double zMax = 7.0;
    double dz = 2 * zMax / (nz - 1);
    double norm = 0;
    double[] weight = new double[nz];
    for (int i = 0; i < nz; i++) {
      double z = -zMax + i * dz;
      weight[i] = FastMath.exp(-0.5 * z * z);
      norm += weight[i];
    }
    for (int g = 0; g < GRID; g++) {
      double lnM = LN_MIN + g * STEP;
      double f = 0;
      double f2 = 0;
      int off = g * bins;
      for (int i = 0; i < nz; i++) {
        double wt = weight[i] / norm;
        double t = preNs + FastMath.exp(lnM + sigma * (-zMax + i * dz));
        if (t >= windowNs) {
          continue;
        }
        double w = 1 - FastMath.exp(-(windowNs - t) / tau);
        f += wt * w;
        f2 += wt * w * w;
        int k0 = (int) (t / binNs);
        double rem = FastMath.exp(-((k0 + 1) * binNs - t) / tau);
        shape[off + k0] += wt * (1 - rem);
        for (int k = k0 + 1; k < bins && rem > 1e-14; k++) {
          shape[off + k] += wt * rem * (1 - decayPerBin);
          rem *= decayPerBin;
        }
      }
      fraction[g] = f;
      secondMoment[g] = f2;
    }
  }

  private static double position(double lnMedian) {
    double x = (lnMedian - LN_MIN) / STEP;
    return FastMath.max(0, FastMath.min(GRID - 1.000001, x));
  }

  private static double interpolate(double[] table, double x) {
    int i = (int) x;
    double w = x - i;
    return table[i] * (1 - w) + table[i + 1] * w;
  }

  /** E[w]: mean fraction of a particle's deposit inside the trace. */
  double fraction(double lnMedianNs) {
    return interpolate(fraction, position(lnMedianNs));
  }

  /** E[w²]. */
  double secondMoment(double lnMedianNs) {
    return interpolate(secondMoment, position(lnMedianNs));
  }

  /** Adds {@code scale} × the mean trace of one particle (per bin, sums to E[w]) to {@code out}. */
  void addMeanShape(double lnMedianNs, double scale, double[] out) {
    double x = position(lnMedianNs);
    int i = (int) x;
    double w = x - i;
    int a = i * bins;
    int b = a + bins;
    for (int k = 0; k < bins; k++) {
      out[k] += scale * (shape[a + k] * (1 - w) + shape[b + k] * w);
    }
  }

  @Override
  public String toString() {
    return "PulseResponse" + Arrays.toString(new int[] {bins});
  }
}
