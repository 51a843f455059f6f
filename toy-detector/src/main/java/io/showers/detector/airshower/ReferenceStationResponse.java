package io.showers.detector.airshower;

import java.util.Arrays;
import org.hipparchus.util.FastMath;

/**
 * The faithful station: every particle is drawn (Poisson counts, muon track length through the
 * tank, exponential EM deposit, log-normal delay) and laid into the trace as an exponential PMT
 * pulse integrated exactly over each bin; then the readout: VEM calibration, Gaussian baseline
 * noise per bin, saturation of each bin. S is the integral of the measured trace.
 *
 * <p>Pulses are accumulated in O(1) per particle: the part of a pulse inside its arrival bin,
 * and the charge still "in the PMT" at the end of that bin, which one pass over the bins then
 * releases with the factor e^(−Δ/τ) per bin.
 */
final class ReferenceStationResponse implements StationResponse {
  private final TankGeometry tank;
  private final int bins;
  private final double binNs;
  private final double windowNs;
  private final double preNs;
  private final double tauNs;
  private final double decayPerBin;
  private final double calibration;
  private final double noiseVemPerBin;
  private final double saturationVemPerBin;
  private final double sigma;
  private final double emDepositVem;
  private final double[] inBin;
  private final double[] carried;

  ReferenceStationResponse(ArrayConfig array, RealismProfile realism, TankGeometry tank) {
    this.tank = tank;
    this.bins = array.traceBins();
    this.binNs = array.traceBinNs();
    this.windowNs = bins * binNs;
    this.preNs = ShowerModel.TRACE_PRE_NS;
    this.tauNs = realism.pmtDecayNs();
    this.decayPerBin = FastMath.exp(-binNs / tauNs);
    this.calibration = realism.vemCalibration();
    this.noiseVemPerBin = realism.baselineNoiseVemPerBin();
    this.saturationVemPerBin = array.saturationVemPerBin();
    this.sigma = ShowerModel.DELAY_SIGMA;
    this.emDepositVem = ShowerModel.EM_DEPOSIT_VEM;
    this.inBin = new double[bins];
    this.carried = new double[bins];
  }

  @Override
  public boolean buildsTraces() {
    return true;
  }

  @Override
  public void simulate(Station st, RandomDraws draws) {
    long nMu = draws.poisson(st.muonMean);
    long nEm = draws.poisson(st.emMean);
    st.particles = nMu + nEm;
    double[] trace = st.trace;
    if (st.particles == 0) {
      st.signalVem = 0;
      st.firstDelayNs = Double.POSITIVE_INFINITY;
      Arrays.fill(trace, 0);
      return;
    }
    Arrays.fill(inBin, 0);
    Arrays.fill(carried, 0);
    double first = Double.POSITIVE_INFINITY;
    for (long i = 0; i < nMu; i++) {
      double q = tank.sampleMuonVem(draws, st.cosZenith, st.sinZenith);
      double d = FastMath.exp(st.lnMuonMedianNs + sigma * draws.normal());
      first = FastMath.min(first, d);
      deposit(q, preNs + d);
    }
    for (long i = 0; i < nEm; i++) {
      double q = emDepositVem * draws.exponential();
      double d = FastMath.exp(st.lnEmMedianNs + sigma * draws.normal());
      first = FastMath.min(first, d);
      deposit(q, preNs + d);
    }
    st.firstDelayNs = first;
    double reservoir = 0;
    double sum = 0;
    for (int k = 0; k < bins; k++) {
      double trueVem = inBin[k] + reservoir * (1 - decayPerBin);
      reservoir = reservoir * decayPerBin + carried[k];
      double measured = calibration * trueVem + noiseVemPerBin * draws.normal();
      measured = FastMath.min(measured, saturationVemPerBin);
      trace[k] = measured;
      sum += measured;
    }
    st.signalVem = sum;
  }

  /** Lays a pulse of total charge q (VEM) starting at time t after the trace start. */
  private void deposit(double q, double t) {
    if (t >= windowNs) {
      return;
    }
    int k = (int) (t / binNs);
    double rest = FastMath.exp(-((k + 1) * binNs - t) / tauNs);
    inBin[k] += q * (1 - rest);
    carried[k] += q * rest;
  }
}
