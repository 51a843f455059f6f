package io.showers.detector.airshower;

import io.showers.detector.Conditions;
import java.util.Arrays;

/**
 * Labels of air-shower events: the primary cosmic ray of each shower.
 *
 * @param size number of showers N
 * @param energyEeV (N) primary energy, EeV
 * @param showerAxis (N, 3) unit vector from the ground towards the source
 * @param showerCoreM (N, 2) core position on the ground, metres, array centre at 0
 * @param massA (N) primary mass number A (1 = proton, 4 = He, 14 = N, 56 = Fe)
 */
public record AirShowerPrimaries(
    int size, float[] energyEeV, float[] showerAxis, float[] showerCoreM, float[] massA)
    implements Conditions {

  public AirShowerPrimaries {
    if (energyEeV.length != size || showerAxis.length != 3 * size
        || showerCoreM.length != 2 * size || massA.length != size) {
      throw new IllegalArgumentException("air-shower primaries: arrays do not match N = " + size);
    }
  }

  public static AirShowerPrimaries allocate(int size) {
    return new AirShowerPrimaries(
        size, new float[size], new float[3 * size], new float[2 * size], new float[size]);
  }

  /** Zenith angle of shower {@code i}, radians. */
  public double zenithRad(int i) {
    return Math.acos(Math.max(-1, Math.min(1, showerAxis[3 * i + 2])));
  }

  /** Azimuth of the arrival direction of shower {@code i}, radians in (−π, π]. */
  public double azimuthRad(int i) {
    return Math.atan2(showerAxis[3 * i + 1], showerAxis[3 * i]);
  }

  @Override
  public AirShowerPrimaries slice(int from, int to) {
    return new AirShowerPrimaries(
        to - from,
        Arrays.copyOfRange(energyEeV, from, to),
        Arrays.copyOfRange(showerAxis, 3 * from, 3 * to),
        Arrays.copyOfRange(showerCoreM, 2 * from, 2 * to),
        Arrays.copyOfRange(massA, from, to));
  }
}
