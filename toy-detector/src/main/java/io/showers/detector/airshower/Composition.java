package io.showers.detector.airshower;

import java.util.Locale;

/**
 * A mixture of primary nuclei p, He, N and Fe (mass numbers 1, 4, 14, 56) with relative
 * fractions; fractions need not sum to one, they are normalised.
 *
 * @param proton relative fraction of protons (A = 1)
 * @param helium relative fraction of helium (A = 4)
 * @param nitrogen relative fraction of nitrogen (A = 14), stands for the CNO group
 * @param iron relative fraction of iron (A = 56)
 */
public record Composition(double proton, double helium, double nitrogen, double iron) {

  /** Mass numbers in the order of the fractions. */
  public static final int[] MASS = {1, 4, 14, 56};

  private static final String[] NAMES = {"p", "He", "N", "Fe"};

  public Composition {
    double[] f = {proton, helium, nitrogen, iron};
    double sum = 0;
    for (int i = 0; i < 4; i++) {
      if (!(f[i] >= 0 && Double.isFinite(f[i]))) {
        throw new IllegalArgumentException(
            "composition: fraction of " + NAMES[i] + " = " + f[i] + " is invalid; expected a finite value >= 0");
      }
      sum += f[i];
    }
    if (!(sum > 0)) {
      throw new IllegalArgumentException("composition: all fractions are 0; expected at least one > 0");
    }
  }

  /** Equal parts p, He, N, Fe. */
  public static Composition equalMix() {
    return new Composition(0.25, 0.25, 0.25, 0.25);
  }

  /** A pure beam of one of the mass numbers 1, 4, 14, 56. */
  public static Composition pure(int massA) {
    return switch (massA) {
      case 1 -> new Composition(1, 0, 0, 0);
      case 4 -> new Composition(0, 1, 0, 0);
      case 14 -> new Composition(0, 0, 1, 0);
      case 56 -> new Composition(0, 0, 0, 1);
      default -> throw new IllegalArgumentException(
          "no primary with mass number A = " + massA + "; expected 1 (p), 4 (He), 14 (N) or 56 (Fe)");
    };
  }

  /**
   * Parses {@code p:0.25,He:0.25,N:0.25,Fe:0.25}; species not named get 0. Names are
   * case-insensitive; {@code proton}, {@code helium}, {@code nitrogen}, {@code iron} also work.
   */
  public static Composition parse(String text) {
    double[] f = new double[4];
    boolean[] seen = new boolean[4];
    for (String part : text.split(",")) {
      String p = part.trim();
      int colon = p.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException(
            "composition '" + text + "': '" + p + "' is not species:fraction; expected e.g. p:0.25,He:0.25,N:0.25,Fe:0.25");
      }
      String name = p.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      int i = switch (name) {
        case "p", "proton", "h" -> 0;
        case "he", "helium" -> 1;
        case "n", "nitrogen", "cno" -> 2;
        case "fe", "iron" -> 3;
        default -> throw new IllegalArgumentException(
            "composition: unknown species '" + p.substring(0, colon).trim() + "'; expected p, He, N or Fe");
      };
      if (seen[i]) {
        throw new IllegalArgumentException("composition '" + text + "': " + NAMES[i] + " given twice");
      }
      seen[i] = true;
      String v = p.substring(colon + 1).trim();
      try {
        f[i] = Double.parseDouble(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "composition: fraction of " + NAMES[i] + " '" + v + "' is not a number; expected a value >= 0");
      }
    }
    return new Composition(f[0], f[1], f[2], f[3]);
  }

  /** Text accepted by {@link #parse}, fractions normalised. */
  public String describe() {
    double[] f = normalised();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 4; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(NAMES[i]).append(':').append(f[i]);
    }
    return sb.toString();
  }

  /** Fractions p, He, N, Fe summing to one. */
  public double[] normalised() {
    double s = proton + helium + nitrogen + iron;
    return new double[] {proton / s, helium / s, nitrogen / s, iron / s};
  }

  /** The mass number drawn for a uniform {@code u} in [0, 1). */
  public int sampleMass(double u) {
    double[] f = normalised();
    double c = 0;
    for (int i = 0; i < 3; i++) {
      c += f[i];
      if (u < c) {
        return MASS[i];
      }
    }
    // last species with a non-zero fraction
    for (int i = 3; i >= 0; i--) {
      if (f[i] > 0) {
        return MASS[i];
      }
    }
    return MASS[3];
  }
}
