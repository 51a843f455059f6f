package io.showers.detector.airshower;

/**
 * Turns the expected particle content of one station into a measured signal and the delay of
 * its first particle. Implementations keep per-call scratch in a {@link Station} and never
 * allocate per particle.
 */
interface StationResponse {

  /**
   * Simulates the station described by the inputs of {@code st} and writes its outputs.
   */
  void simulate(Station st, RandomDraws draws);

  /** Whether {@link Station#trace} holds the measured trace after {@link #simulate}. */
  boolean buildsTraces();

  /** Inputs and outputs of one station, reused for every station of a batch. */
  final class Station {
    // inputs
    /** Expected number of muons hitting the tank. */
    double muonMean;
    /** Expected number of EM particles entering the tank. */
    double emMean;
    /** ln of the median muon / EM delay behind the front, ln(ns). */
    double lnMuonMedianNs;
    double lnEmMedianNs;
    double cosZenith;
    double sinZenith;
    double zenithRad;
    // outputs
    /** Measured integrated signal, VEM. */
    double signalVem;
    /** Delay of the first particle behind the front, ns; +∞ when no particle arrived. */
    double firstDelayNs;
    /** Number of particles that reached the tank. */
    long particles;
    /** Measured trace, VEM per bin (reference mode only). */
    final double[] trace;

    Station(int bins) {
      trace = new double[bins];
    }
  }
}
