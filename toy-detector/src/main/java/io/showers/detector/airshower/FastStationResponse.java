package io.showers.detector.airshower;

import java.util.Arrays;
import org.hipparchus.special.Erf;
import org.hipparchus.util.FastMath;

/**
 * The fast station: the same model with statistical shortcuts and no trace.
 *
 * <ul>
 *   <li>Counts: Poisson, by the Gaussian approximation above a mean of {@value #GAUSSIAN_ABOVE}.
 *   <li>Up to {@value #GAUSSIAN_ABOVE} particles of a component: each drawn as in the reference
 *       (deposit, delay) and weighted by its in-trace fraction w(d) = 1 − e^(−(T − t)/τ).
 *   <li>More particles: the sum of N deposits is Gaussian with mean N E[q] E[w] and variance
 *       N (E[q²] E[w²] − E[q]² E[w]²) ({@link PulseResponse}, {@link TankGeometry}); the first
 *       arrival is the minimum of N log-normal delays, drawn by its order statistic
 *       F(d_min) = 1 − (1 − u)^(1/N) with the inverse normal CDF (hipparchus erfcInv).
 *   <li>Readout: calibration, baseline noise with variance bins × σ², and, for a signal large
 *       enough to saturate a bin, the clipped sum of the mean trace shape.
 * </ul>
 */
final class FastStationResponse implements StationResponse {
  /** Particle counts above which a component is treated with the Gaussian/order-statistics shortcut. */
  static final int GAUSSIAN_ABOVE = 100;

  private final TankGeometry tank;
  private final PulseResponse muonPulse;
  private final PulseResponse emPulse;
  private final int bins;
  private final double windowNs;
  private final double preNs;
  private final double tauNs;
  private final double calibration;
  private final double noiseVemTotal;
  private final double saturationVemPerBin;
  private final double sigma;
  private final double emDepositVem;
  private final double[] shape;
  private double firstScratch;

  FastStationResponse(ArrayConfig array, RealismProfile realism, TankGeometry tank) {
    this.tank = tank;
    this.bins = array.traceBins();
    this.windowNs = bins * array.traceBinNs();
    this.preNs = ShowerModel.TRACE_PRE_NS;
    this.tauNs = realism.pmtDecayNs();
    this.calibration = realism.vemCalibration();
    this.noiseVemTotal = realism.baselineNoiseVemPerBin() * FastMath.sqrt(bins);
    this.saturationVemPerBin = array.saturationVemPerBin();
    this.sigma = ShowerModel.DELAY_SIGMA;
    this.emDepositVem = ShowerModel.EM_DEPOSIT_VEM;
    this.muonPulse = PulseResponse.of(sigma, tauNs, bins, array.traceBinNs(), preNs);
    this.emPulse = muonPulse; // same σ for both components
    this.shape = new double[bins];
  }

  @Override
  public boolean buildsTraces() {
    return false;
  }

  @Override
  public void simulate(Station st, RandomDraws draws) {
    long nMu = st.muonMean < GAUSSIAN_ABOVE ? draws.poisson(st.muonMean) : draws.poissonGaussian(st.muonMean);
    long nEm = st.emMean < GAUSSIAN_ABOVE ? draws.poisson(st.emMean) : draws.poissonGaussian(st.emMean);
    st.particles = nMu + nEm;
    if (st.particles == 0) {
      st.signalVem = 0;
      st.firstDelayNs = Double.POSITIVE_INFINITY;
      return;
    }
    firstScratch = Double.POSITIVE_INFINITY;
    double sMu;
    if (nMu <= GAUSSIAN_ABOVE) {
      sMu = 0;
      for (long i = 0; i < nMu; i++) {
        double q = tank.sampleMuonVem(draws, st.cosZenith, st.sinZenith);
        sMu += q * inTrace(FastMath.exp(st.lnMuonMedianNs + sigma * draws.normal()));
      }
    } else {
      double eq = tank.meanMuonVem(st.cosZenith, st.sinZenith);
      double eq2 = tank.secondMomentMuonVem2(st.zenithRad);
      sMu = gaussianSum(draws, nMu, eq, eq2, muonPulse, st.lnMuonMedianNs);
    }
    double sEm;
    if (nEm <= GAUSSIAN_ABOVE) {
      sEm = 0;
      for (long i = 0; i < nEm; i++) {
        double q = emDepositVem * draws.exponential();
        sEm += q * inTrace(FastMath.exp(st.lnEmMedianNs + sigma * draws.normal()));
      }
    } else {
      sEm = gaussianSum(draws, nEm, emDepositVem, 2 * emDepositVem * emDepositVem, emPulse, st.lnEmMedianNs);
    }
    st.firstDelayNs = firstScratch;
    double measured = calibration * (sMu + sEm);
    if (measured > saturationVemPerBin) {
      // a bin may exceed the ceiling: clip the mean trace shape carrying this signal
      Arrays.fill(shape, 0);
      double fMu = muonPulse.fraction(st.lnMuonMedianNs);
      double fEm = emPulse.fraction(st.lnEmMedianNs);
      if (fMu > 0) {
        muonPulse.addMeanShape(st.lnMuonMedianNs, calibration * sMu / fMu, shape);
      }
      if (fEm > 0) {
        emPulse.addMeanShape(st.lnEmMedianNs, calibration * sEm / fEm, shape);
      }
      measured = 0;
      for (int k = 0; k < bins; k++) {
        measured += FastMath.min(shape[k], saturationVemPerBin);
      }
    }
    st.signalVem = measured + noiseVemTotal * draws.normal();
  }

  /** In-trace weight of one particle with delay d; also tracks the first arrival. */
  private double inTrace(double delayNs) {
    firstScratch = FastMath.min(firstScratch, delayNs);
    double t = preNs + delayNs;
    return t < windowNs ? 1 - FastMath.exp(-(windowNs - t) / tauNs) : 0;
  }

  private double gaussianSum(RandomDraws draws, long n, double eq, double eq2, PulseResponse pulse, double lnMedian) {
    double f = pulse.fraction(lnMedian);
    double f2 = pulse.secondMoment(lnMedian);
    double mean = n * eq * f;
    double var = n * FastMath.max(0, eq2 * f2 - eq * eq * f * f);
    double sum = FastMath.max(0, mean + FastMath.sqrt(var) * draws.normal());
    // first of n arrivals: order statistic of the log-normal
    double u = draws.uniform();
    double p = -FastMath.expm1(FastMath.log1p(-u) / n);
    if (p > 0) {
      double z = -FastMath.sqrt(2) * Erf.erfcInv(2 * p);
      firstScratch = FastMath.min(firstScratch, FastMath.exp(lnMedian + sigma * z));
    } else {
      firstScratch = 0; // p underflow: vanishingly early arrival
    }
    return sum;
  }
}
