package io.showers.detector.calorimeter;

import io.showers.detector.Conditions;
import java.util.Arrays;

/**
 * Labels of calorimeter events: the incident particle of each shower.
 *
 * @param size number of showers N
 * @param energyGeV (N) incident energy, GeV
 * @param impactMm (N, 2) impact position (x, y) on the front face, millimetres, centre at 0
 * @param particlePdg (N) PDG code: 11 for e−, 22 for γ
 */
public record CalorimeterBeam(int size, float[] energyGeV, float[] impactMm, int[] particlePdg)
    implements Conditions {

  public static final int ELECTRON = 11;
  public static final int PHOTON = 22;

  public CalorimeterBeam {
    if (energyGeV.length != size || impactMm.length != 2 * size || particlePdg.length != size) {
      throw new IllegalArgumentException("calorimeter beam: arrays do not match N = " + size);
    }
  }

  public static CalorimeterBeam allocate(int size) {
    return new CalorimeterBeam(size, new float[size], new float[2 * size], new int[size]);
  }

  @Override
  public CalorimeterBeam slice(int from, int to) {
    return new CalorimeterBeam(
        to - from,
        Arrays.copyOfRange(energyGeV, from, to),
        Arrays.copyOfRange(impactMm, 2 * from, 2 * to),
        Arrays.copyOfRange(particlePdg, from, to));
  }
}
