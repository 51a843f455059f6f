package io.showers.detector.calorimeter;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The material table (PDG "Atomic and nuclear properties of materials", 2022): absorbers W, Pb,
 * Cu, Fe and the silicon of the sensors. X0 and E_c(e−) are the PDG tabulated values; R_M is
 * derived as X0·21.2052 MeV/E_c (W: 9.33 mm, PDG 9.327 mm).
 */
public final class Materials {
  private static final Map<String, Material> TABLE = new LinkedHashMap<>();

  static {
    add(new Material("W", 74, 183.84, 19.30, 6.76, 7.97, 727.0));
    add(new Material("Pb", 82, 207.2, 11.35, 6.37, 7.43, 823.0));
    add(new Material("Cu", 29, 63.546, 8.960, 12.86, 19.42, 322.0));
    add(new Material("Fe", 26, 55.845, 7.874, 13.84, 21.68, 286.0));
    add(new Material("Si", 14, 28.0855, 2.329, 21.82, 40.19, 173.0));
  }

  private Materials() {}

  private static void add(Material m) {
    TABLE.put(m.name().toLowerCase(Locale.ROOT), m);
  }

  /** Looks a material up by symbol (case-insensitive); unknown names are an error. */
  public static Material get(String name) {
    Material m = name == null ? null : TABLE.get(name.trim().toLowerCase(Locale.ROOT));
    if (m == null) {
      throw new IllegalArgumentException(
          "unknown material '" + name + "'; expected one of: " + String.join(", ", names()));
    }
    return m;
  }

  /** Symbols of all known materials. */
  public static java.util.List<String> names() {
    return TABLE.values().stream().map(Material::name).toList();
  }

  /** Silicon, the sensor material. */
  public static Material silicon() {
    return get("Si");
  }
}
