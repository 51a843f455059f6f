package io.showers.detector.calorimeter;

/** Receives every energy deposit of the cascade (position in mm, energy in MeV). */
interface DepositSink {
  DepositSink NONE = (slab, x, y, z, e) -> {};

  void deposit(int slab, double xMm, double yMm, double zMm, double energyMeV);
}
