package io.showers.detector.airshower;

import io.showers.detector.Detector;
import io.showers.detector.EventBatch;
import java.util.Arrays;
import java.util.List;

/**
 * A batch of air-shower events on a square array of {@code side × side} stations. Arrays are
 * flat, event-major, row-major in (row = y index, column = x index), as in the HDF5 schema.
 *
 * @param size number of events N
 * @param side stations per side of the array
 * @param traceBins bins per trace (meaningful only when {@code traces} is present)
 * @param signalVem (N, side, side) integrated signal S in VEM; NaN where the station did not trigger
 * @param timeUs (N, side, side) first-particle arrival time T in µs relative to the earliest
 *     triggered station; NaN where the station did not trigger
 * @param tracesVem (N, side, side, traceBins) signal per time bin in VEM, or {@code null}
 * @param energyEeV (N) primary energy, EeV
 * @param showerAxis (N, 3) unit vector pointing from the ground towards the source
 * @param showerCoreM (N, 2) core position on the ground (x, y), metres, array centre at 0
 * @param xmaxGcm2 (N) depth of shower maximum, g/cm²
 * @param massA (N) primary mass number A
 */
public record AirShowerEvents(
    int size,
    int side,
    int traceBins,
    float[] signalVem,
    float[] timeUs,
    float[] tracesVem,
    float[] energyEeV,
    float[] showerAxis,
    float[] showerCoreM,
    float[] xmaxGcm2,
    float[] massA)
    implements EventBatch {

  public AirShowerEvents {
    int stations = side * side;
    check("signal", signalVem, size * stations);
    check("time", timeUs, size * stations);
    if (tracesVem != null) {
      check("traces", tracesVem, size * stations * traceBins);
    }
    check("energy", energyEeV, size);
    check("showeraxis", showerAxis, size * 3);
    check("showercore", showerCoreM, size * 2);
    check("xmax", xmaxGcm2, size);
    check("mass", massA, size);
  }

  private static void check(String name, float[] a, int expected) {
    if (a == null || a.length != expected) {
      throw new IllegalArgumentException(
          "air-shower batch: '" + name + "' has " + (a == null ? "no array" : a.length + " values")
              + ", expected " + expected);
    }
  }

  /** An empty batch (all arrays allocated, signals and times NaN) to be filled in place. */
  public static AirShowerEvents allocate(int size, int side, int traceBins, boolean withTraces) {
    int stations = side * side;
    float[] signal = new float[size * stations];
    float[] time = new float[size * stations];
    Arrays.fill(signal, Float.NaN);
    Arrays.fill(time, Float.NaN);
    return new AirShowerEvents(
        size, side, traceBins, signal, time,
        withTraces ? new float[size * stations * traceBins] : null,
        new float[size], new float[size * 3], new float[size * 2], new float[size], new float[size]);
  }

  @Override
  public Detector detector() {
    return Detector.AIRSHOWER;
  }

  public boolean hasTraces() {
    return tracesVem != null;
  }

  @Override
  public AirShowerEvents slice(int from, int to) {
    int st = side * side;
    return new AirShowerEvents(
        to - from, side, traceBins,
        Arrays.copyOfRange(signalVem, from * st, to * st),
        Arrays.copyOfRange(timeUs, from * st, to * st),
        tracesVem == null ? null : Arrays.copyOfRange(tracesVem, from * st * traceBins, to * st * traceBins),
        Arrays.copyOfRange(energyEeV, from, to),
        Arrays.copyOfRange(showerAxis, from * 3, to * 3),
        Arrays.copyOfRange(showerCoreM, from * 2, to * 2),
        Arrays.copyOfRange(xmaxGcm2, from, to),
        Arrays.copyOfRange(massA, from, to));
  }

  /** Concatenates batches of the same array layout, in order. */
  public static AirShowerEvents concat(List<AirShowerEvents> parts) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("nothing to concatenate");
    }
    AirShowerEvents first = parts.get(0);
    int n = parts.stream().mapToInt(AirShowerEvents::size).sum();
    boolean traces = first.hasTraces();
    AirShowerEvents out = allocate(n, first.side, first.traceBins, traces);
    int at = 0;
    for (AirShowerEvents p : parts) {
      if (p.side != first.side || p.hasTraces() != traces || (traces && p.traceBins != first.traceBins)) {
        throw new IllegalArgumentException("cannot concatenate air-shower batches of different layouts");
      }
      int st = p.side * p.side;
      System.arraycopy(p.signalVem, 0, out.signalVem, at * st, p.size * st);
      System.arraycopy(p.timeUs, 0, out.timeUs, at * st, p.size * st);
      if (traces) {
        System.arraycopy(p.tracesVem, 0, out.tracesVem, at * st * p.traceBins, p.size * st * p.traceBins);
      }
      System.arraycopy(p.energyEeV, 0, out.energyEeV, at, p.size);
      System.arraycopy(p.showerAxis, 0, out.showerAxis, at * 3, p.size * 3);
      System.arraycopy(p.showerCoreM, 0, out.showerCoreM, at * 2, p.size * 2);
      System.arraycopy(p.xmaxGcm2, 0, out.xmaxGcm2, at, p.size);
      System.arraycopy(p.massA, 0, out.massA, at, p.size);
      at += p.size;
    }
    return out;
  }
}
