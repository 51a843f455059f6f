package io.showers.detector.airshower;

import java.util.LinkedHashMap;
import java.util.Map;
import org.hipparchus.util.FastMath;

/**
 * The toy air-shower model: from a primary (E, A, axis, core) to what reaches the ground, as
 * expected values per station. Fluctuations are left to the station response (Poisson counts,
 * deposits, delays). All numbers are the model's documented constants.
 *
 * <p>Per shower: Xmax from {@link XmaxModel}, resampled while it lies less than
 * {@value #MIN_XMAX_HEIGHT_M} m above the ground; dX = X_ground(θ) − Xmax, the slant depth
 * from the maximum to the ground (flat earth, {@link Atmosphere}); a log-normal shower-to-shower
 * fluctuation of the muon number (σ_ln 0.15 for p … 0.05 for Fe, mean 1).
 *
 * <p>Signal expected in a tank at distance r from the axis (in the shower plane), VEM:
 *
 * <pre>
 *   S_μ(r)  = 30 VEM · (E/10 EeV)^0.9 · A^0.1 · muonScale · fluct · (max(dX,100)/100)^−0.1 · f(r; β_μ)
 *   S_em(r) = 40 VEM · (E/10 EeV)^1.0                        · (max(dX,100)/100)^−0.5 · f(r; β_em)
 *   f(r; β) = ((r² + r₀²)/(1000² + r₀²))^(−β/2),   r₀ = 150 m  (power law r^−β, finite at the core)
 *   β_μ = max(1.5, 3.0 − 0.6 (dX − 100)/1000),   β_em = max(2.0, 4.0 − 0.6 (dX − 100)/1000)
 * </pre>
 *
 * i.e. muon number ∝ A^(1−β) E^β with β = 0.9 (Heitler–Matthews), an EM component that is
 * steeper in r and is absorbed faster after the maximum, so that old (inclined) showers are
 * muon-rich and flatter. At 1000 m a 10 EeV proton gives ≈ 70 VEM vertically (EM/μ ≈ 1.3) and
 * ≈ 37 VEM at 60° (EM/μ ≈ 0.5).
 *
 * <p>Particles: muons hit the tank as Poisson(ρ⊥ A⊥(θ)) with ρ⊥ = S_μ / A_top and deposit
 * their track length ({@link TankGeometry}); EM particles (photons, e±, absorbed in the water)
 * are Poisson(S_em / 0.2 VEM) with exponentially distributed deposits of mean 0.2 VEM.
 *
 * <p>Arrival delays behind the front are log-normal, σ_ln = 0.7, with medians (ns)
 * 50 + 140 (r/750 m)^1.4 · max(0.2, 1 − 0.2 dX/1000) for muons and
 * 80 + 200 (r/750 m)^1.4 · max(0.2, 1 − 0.1 dX/1000) for EM particles. The front is a plane
 * through the core perpendicular to the axis or, optionally, a sphere centred on the axis at half
 * the slant depth of the maximum.
 */
public final class ShowerModel {
  /** Muon signal at 1000 m of a 10 EeV proton with dX <= 100 g/cm², VEM. */
  public static final double MUON_VEM_1000 = 30.0;
  /** Electromagnetic signal at 1000 m of a 10 EeV shower with dX <= 100 g/cm², VEM. */
  public static final double EM_VEM_1000 = 40.0;
  /** β of N_μ ∝ A^(1−β) E^β. */
  public static final double MUON_ENERGY_EXPONENT = 0.9;
  /** The EM energy at ground scales with the primary energy. */
  public static final double EM_ENERGY_EXPONENT = 1.0;
  /** Below this distance from the maximum to the ground the components do not grow, g/cm². */
  public static final double REFERENCE_DX = 100.0;
  /** Muon attenuation: (dX/100)^−0.1. */
  public static final double MUON_ATTENUATION_INDEX = 0.1;
  /** EM attenuation: (dX/100)^−0.5. */
  public static final double EM_ATTENUATION_INDEX = 0.5;
  /** Lateral slopes at dX = 100 g/cm². */
  public static final double MUON_LDF_SLOPE = 3.0;
  public static final double EM_LDF_SLOPE = 4.0;
  /** Flattening of both lateral slopes per 1000 g/cm² of dX. */
  public static final double LDF_SLOPE_PER_1000_GCM2 = 0.6;
  public static final double MUON_LDF_SLOPE_MIN = 1.5;
  public static final double EM_LDF_SLOPE_MIN = 2.0;
  /** Core radius of the lateral functions, m. */
  public static final double LDF_CORE_RADIUS_M = 150.0;
  /** Mean deposit of one EM particle (exponential), VEM. */
  public static final double EM_DEPOSIT_VEM = 0.2;
  /** σ of ln N_μ from shower to shower, p and Fe (interpolated in ln A). */
  public static final double MUON_FLUCTUATION_PROTON = 0.15;
  public static final double MUON_FLUCTUATION_IRON = 0.05;
  /** Delay medians: base + scale (r / 750 m)^1.4 · max(0.2, 1 − age · dX/1000), ns. */
  public static final double MUON_DELAY_BASE_NS = 50.0;
  public static final double MUON_DELAY_SCALE_NS = 140.0;
  public static final double MUON_DELAY_AGE = 0.2;
  public static final double EM_DELAY_BASE_NS = 80.0;
  public static final double EM_DELAY_SCALE_NS = 200.0;
  public static final double EM_DELAY_AGE = 0.1;
  public static final double DELAY_RADIUS_M = 750.0;
  public static final double DELAY_RADIAL_INDEX = 1.4;
  /** Log-normal width of the delays. */
  public static final double DELAY_SIGMA = 0.7;
  /** Curved front: centre on the axis at this fraction of the slant depth of the maximum. */
  public static final double CURVATURE_DEPTH_FRACTION = 0.5;
  /** Xmax is redrawn while it is less than this height above the ground, m. */
  public static final double MIN_XMAX_HEIGHT_M = 200.0;
  /** Trace start before the arrival of the shower front at the station, ns. */
  public static final double TRACE_PRE_NS = 50.0;
  /** cos θ is floored here (84°): flat-earth depths diverge at the horizon. */
  public static final double MIN_COS_ZENITH = 0.1;
  /** Speed of light, m/ns. */
  public static final double C_M_PER_NS = 0.299792458;

  private final Atmosphere atmosphere = Atmosphere.usStandard();
  private final double groundAltitudeM;
  private final double groundVerticalDepth;
  private final double limitVerticalDepth;

  public ShowerModel(double groundAltitudeM) {
    this.groundAltitudeM = groundAltitudeM;
    this.groundVerticalDepth = atmosphere.verticalDepth(groundAltitudeM);
    this.limitVerticalDepth = atmosphere.verticalDepth(groundAltitudeM + MIN_XMAX_HEIGHT_M);
  }

  /** Slant depth of the ground along an axis of zenith θ, g/cm² (flat earth). */
  public double groundSlantDepth(double cosZenith) {
    return groundVerticalDepth / FastMath.max(MIN_COS_ZENITH, cosZenith);
  }

  /** Expected muon signal at 1000 m for a given shower (no fluctuation, muonScale 1), VEM. */
  public static double muonSize(double energyEeV, double massA, double dX) {
    return MUON_VEM_1000 * FastMath.pow(energyEeV / 10.0, MUON_ENERGY_EXPONENT)
        * FastMath.pow(massA, 1 - MUON_ENERGY_EXPONENT)
        * FastMath.pow(FastMath.max(dX, REFERENCE_DX) / REFERENCE_DX, -MUON_ATTENUATION_INDEX);
  }

  /** Expected EM signal at 1000 m for a given shower, VEM. */
  public static double emSize(double energyEeV, double dX) {
    return EM_VEM_1000 * FastMath.pow(energyEeV / 10.0, EM_ENERGY_EXPONENT)
        * FastMath.pow(FastMath.max(dX, REFERENCE_DX) / REFERENCE_DX, -EM_ATTENUATION_INDEX);
  }

  public static double muonLdfSlope(double dX) {
    return FastMath.max(MUON_LDF_SLOPE_MIN, MUON_LDF_SLOPE - LDF_SLOPE_PER_1000_GCM2 * (dX - REFERENCE_DX) / 1000);
  }

  public static double emLdfSlope(double dX) {
    return FastMath.max(EM_LDF_SLOPE_MIN, EM_LDF_SLOPE - LDF_SLOPE_PER_1000_GCM2 * (dX - REFERENCE_DX) / 1000);
  }

  /** ln of ((r² + r₀²)/(1000² + r₀²)), the argument of the lateral functions. */
  public static double lnLateral(double r2) {
    double r02 = LDF_CORE_RADIUS_M * LDF_CORE_RADIUS_M;
    return FastMath.log((r2 + r02) / (1.0e6 + r02));
  }

  public static double muonFluctuation(double massA) {
    return MUON_FLUCTUATION_PROTON
        - (MUON_FLUCTUATION_PROTON - MUON_FLUCTUATION_IRON) * FastMath.log(massA) / FastMath.log(56.0);
  }

  /** Per-event shower state: the longitudinal draw and everything the stations need. */
  static final class Shower {
    double energyEeV;
    double massA;
    double ux;
    double uy;
    double uz;
    double cosZenith; // floored
    double sinZenith;
    double zenithRad;
    double coreX;
    double coreY;
    double xmax;
    double dX;
    double muonVem1000;
    double emVem1000;
    double muonSlope;
    double emSlope;
    double muonDelayScaleNs;
    double emDelayScaleNs;
    double curvatureRadiusM; // distance from the ground along the axis to the centre of the front
  }

  /** Draws the shower-level quantities of primary {@code i}; the same draws in every mode. */
  Shower shower(AirShowerPrimaries p, int i, RandomDraws draws, double muonScale) {
    Shower s = new Shower();
    s.energyEeV = p.energyEeV()[i];
    s.massA = p.massA()[i];
    double ux = p.showerAxis()[3 * i];
    double uy = p.showerAxis()[3 * i + 1];
    double uz = p.showerAxis()[3 * i + 2];
    double norm = FastMath.sqrt(ux * ux + uy * uy + uz * uz);
    s.ux = ux / norm;
    s.uy = uy / norm;
    s.uz = uz / norm;
    s.cosZenith = FastMath.max(MIN_COS_ZENITH, s.uz);
    s.sinZenith = FastMath.sqrt(1 - s.cosZenith * s.cosZenith);
    s.zenithRad = FastMath.acos(s.cosZenith);
    s.coreX = p.showerCoreM()[2 * i];
    s.coreY = p.showerCoreM()[2 * i + 1];
    double xGround = groundVerticalDepth / s.cosZenith;
    double xLimit = limitVerticalDepth / s.cosZenith;
    double xmax = XmaxModel.sample(draws, s.massA, s.energyEeV);
    for (int tries = 0; xmax > xLimit && tries < 1000; tries++) {
      xmax = XmaxModel.sample(draws, s.massA, s.energyEeV);
    }
    s.xmax = FastMath.min(xmax, xLimit);
    s.dX = xGround - s.xmax;
    double sigmaMu = muonFluctuation(s.massA);
    double fluct = FastMath.exp(sigmaMu * draws.normal() - 0.5 * sigmaMu * sigmaMu);
    s.muonVem1000 = muonSize(s.energyEeV, s.massA, s.dX) * muonScale * fluct;
    s.emVem1000 = emSize(s.energyEeV, s.dX);
    s.muonSlope = muonLdfSlope(s.dX);
    s.emSlope = emLdfSlope(s.dX);
    s.muonDelayScaleNs = MUON_DELAY_SCALE_NS * FastMath.max(0.2, 1 - MUON_DELAY_AGE * s.dX / 1000);
    s.emDelayScaleNs = EM_DELAY_SCALE_NS * FastMath.max(0.2, 1 - EM_DELAY_AGE * s.dX / 1000);
    double hCentre = atmosphere.altitude(CURVATURE_DEPTH_FRACTION * s.xmax * s.cosZenith);
    s.curvatureRadiusM = FastMath.max(1.0, (hCentre - groundAltitudeM) / s.cosZenith);
    return s;
  }

  /** The model constants, for the producer metadata. */
  static Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("atmosphere", "US standard (Linsley, CORSIKA 5-layer), flat earth");
    m.put("xmax", "generalised Gumbel: <Xmax> = 790 + 58 log10(E/10 EeV) - 22.4 ln A; sigma = 55 - 8.7 ln A; "
        + "shape 1 + 0.5 ln A; redrawn if < 200 m above ground");
    m.put("muonVem1000", MUON_VEM_1000);
    m.put("emVem1000", EM_VEM_1000);
    m.put("muonEnergyExponent", MUON_ENERGY_EXPONENT);
    m.put("muonAttenuationIndex", MUON_ATTENUATION_INDEX);
    m.put("emAttenuationIndex", EM_ATTENUATION_INDEX);
    m.put("muonLdfSlope", MUON_LDF_SLOPE);
    m.put("emLdfSlope", EM_LDF_SLOPE);
    m.put("ldfSlopePer1000Gcm2", LDF_SLOPE_PER_1000_GCM2);
    m.put("ldfCoreRadiusM", LDF_CORE_RADIUS_M);
    m.put("emDepositVem", EM_DEPOSIT_VEM);
    m.put("muonFluctuation", new double[] {MUON_FLUCTUATION_PROTON, MUON_FLUCTUATION_IRON});
    m.put("delaySigma", DELAY_SIGMA);
    m.put("muonDelayNs", "50 + 140 (r/750)^1.4 max(0.2, 1 - 0.2 dX/1000)");
    m.put("emDelayNs", "80 + 200 (r/750)^1.4 max(0.2, 1 - 0.1 dX/1000)");
    m.put("curvatureDepthFraction", CURVATURE_DEPTH_FRACTION);
    m.put("tracePreNs", TRACE_PRE_NS);
    return m;
  }
}
