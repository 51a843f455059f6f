package io.showers.detector.calorimeter;

import static io.showers.detector.calorimeter.PhysicsConstants.ELECTRON_MASS_MEV;
import static io.showers.detector.calorimeter.PhysicsConstants.HIGHLAND_MEV;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * The reference electromagnetic cascade: e−, e+ and γ followed through the slabs of a
 * {@link SlabGeometry} (energies MeV, lengths mm). Immutable and shared; every call of
 * {@link #newWorker} gives a single-threaded worker with its own primitive-array particle stack.
 *
 * <p>Photons fly to their next interaction (sampled in mean free paths, carried across slab
 * boundaries) and undergo photo-absorption, Compton scattering (Klein–Nishina, Butcher–Messel
 * sampling) or pair production (Bethe–Heitler energy sharing 1 − 4/3 x(1−x)); below the photon
 * cut they are absorbed in place. Charged particles move in steps limited by the slab boundary,
 * the next discrete interaction (bremsstrahlung above the photon cut, δ rays above the
 * threshold), a maximum fractional energy loss, a maximum length and a maximum Highland angle;
 * along a step they lose the restricted dE/dx continuously (deposited at the step's midpoint)
 * and scatter (Gaussian Highland angle and the correlated lateral displacement of the PDG).
 * Below the tracking cut the kinetic energy is deposited in place; positrons then annihilate
 * into two back-to-back 511 keV photons.
 */
final class CascadeMonteCarlo {
  static final int ELECTRON = 0;
  static final int POSITRON = 1;
  static final int PHOTON = 2;

  final SlabGeometry geometry;
  final CascadeSettings settings;
  /** Physics of the absorber [0] and of the sensor silicon [1]. */
  final MaterialPhysics[] physics;

  CascadeMonteCarlo(CalorimeterConfig config, CascadeSettings settings) {
    this.settings = settings;
    this.geometry = new SlabGeometry(config, settings.transverseHalfWidthMm());
    Material absorber = geometry.absorber;
    double absorberCut = settings.absorberElectronCutMeV();
    this.physics = new MaterialPhysics[] {
      new MaterialPhysics(absorber, absorberCut, absorberCut, settings.photonCutMeV()),
      new MaterialPhysics(Materials.silicon(), settings.sensorElectronCutMeV(),
          settings.sensorDeltaThresholdMeV(), settings.photonCutMeV())
    };
  }

  Worker newWorker() {
    return new Worker();
  }

  /** A single-threaded simulation context: particle stack, random streams, sink and ledger. */
  final class Worker {
    private int n;
    private int[] type = new int[256];
    private int[] slabOf = new int[256];
    private double[] en = new double[256];
    private double[] px = new double[256];
    private double[] py = new double[256];
    private double[] pz = new double[256];
    private double[] dx = new double[256];
    private double[] dy = new double[256];
    private double[] dz = new double[256];

    private UniformRandomProvider rng;
    private ZigguratSampler.NormalizedGaussian gauss;
    private DepositSink sink;
    private EnergyLedger ledger;
    private long steps;

    // result of rotate()
    private double rx;
    private double ry;
    private double rz;

    private final SlabGeometry g = geometry;
    private final double halfWidth = geometry.halfWidthMm;
    private final double photonCut = settings.photonCutMeV();

    /** Charged-particle steps taken so far by this worker (for performance studies). */
    long steps() {
      return steps;
    }

    /**
     * Simulates one shower.
     *
     * @param pdg 11 (e−), −11 (e+) or 22 (γ)
     * @param kineticMeV kinetic energy of the primary, MeV
     * @param x0Mm impact x on the front face, mm
     * @param y0Mm impact y on the front face, mm
     */
    void run(int pdg, double kineticMeV, double x0Mm, double y0Mm, UniformRandomProvider random,
        DepositSink depositSink, EnergyLedger energyLedger) {
      this.rng = random;
      this.gauss = ZigguratSampler.NormalizedGaussian.of(random);
      this.sink = depositSink;
      this.ledger = energyLedger;
      int t = switch (pdg) {
        case 11 -> ELECTRON;
        case -11 -> POSITRON;
        case 22 -> PHOTON;
        default -> throw new IllegalArgumentException(
            "unknown particle PDG code " + pdg + "; expected 11 (e-), -11 (e+) or 22 (gamma)");
      };
      n = 0;
      push(t, 0, kineticMeV, x0Mm, y0Mm, 0, 0, 0, 1);
      while (n > 0) {
        n--;
        if (type[n] == PHOTON) {
          photon(en[n], slabOf[n], px[n], py[n], pz[n], dx[n], dy[n], dz[n]);
        } else {
          charged(type[n], en[n], slabOf[n], px[n], py[n], pz[n], dx[n], dy[n], dz[n]);
        }
      }
    }

    private void push(int t, int slab, double e, double x, double y, double z,
        double ux, double uy, double uz) {
      if (n == type.length) {
        int c = 2 * n;
        type = java.util.Arrays.copyOf(type, c);
        slabOf = java.util.Arrays.copyOf(slabOf, c);
        en = java.util.Arrays.copyOf(en, c);
        px = java.util.Arrays.copyOf(px, c);
        py = java.util.Arrays.copyOf(py, c);
        pz = java.util.Arrays.copyOf(pz, c);
        dx = java.util.Arrays.copyOf(dx, c);
        dy = java.util.Arrays.copyOf(dy, c);
        dz = java.util.Arrays.copyOf(dz, c);
      }
      type[n] = t;
      slabOf[n] = slab;
      en[n] = e;
      px[n] = x;
      py[n] = y;
      pz[n] = z;
      dx[n] = ux;
      dy[n] = uy;
      dz[n] = uz;
      n++;
    }

    private void deposit(int slab, double x, double y, double z, double e, boolean belowCut) {
      if (e <= 0) {
        return;
      }
      if (g.material[slab] == 1) {
        ledger.sensorMeV += e;
      } else {
        ledger.absorberMeV += e;
      }
      if (belowCut) {
        ledger.belowCutMeV += e;
      }
      sink.deposit(slab, x, y, z, e);
    }

    private double distanceToBoundary(int slab, double z, double uz) {
      if (uz > 0) {
        return Math.max(0, (g.zEndMm[slab] - z) / uz);
      } else if (uz < 0) {
        return Math.max(0, (g.zStartMm[slab] - z) / uz);
      }
      return Double.POSITIVE_INFINITY;
    }

    private double expDeviate() {
      return -Math.log(1.0 - rng.nextDouble());
    }

    /** Rotates (ux,uy,uz) by polar angle (cos, sin) and azimuth (cosPhi, sinPhi) into r*. */
    private void rotate(double ux, double uy, double uz, double cos, double sin, double cosPhi, double sinPhi) {
      double perp2 = ux * ux + uy * uy;
      if (perp2 > 1e-12) {
        double den = Math.sqrt(perp2);
        rx = ux * cos + sin * (ux * uz * cosPhi - uy * sinPhi) / den;
        ry = uy * cos + sin * (uy * uz * cosPhi + ux * sinPhi) / den;
        rz = uz * cos - sin * cosPhi * den;
      } else {
        rx = sin * cosPhi;
        ry = sin * sinPhi;
        rz = uz >= 0 ? cos : -cos;
      }
      double norm = 1.0 / Math.sqrt(rx * rx + ry * ry + rz * rz);
      rx *= norm;
      ry *= norm;
      rz *= norm;
    }

    private void rotateRandomPhi(double ux, double uy, double uz, double cos) {
      double sin = Math.sqrt(Math.max(0, 1 - cos * cos));
      double phi = 2 * Math.PI * rng.nextDouble();
      rotate(ux, uy, uz, cos, sin, Math.cos(phi), Math.sin(phi));
    }

    // ------------------------------------------------------------------ photons

    private void photon(double e, int slab, double x, double y, double z, double ux, double uy, double uz) {
      while (true) {
        if (e < photonCut) {
          deposit(slab, x, y, z, e, true);
          return;
        }
        double lnE = Math.log(e);
        double mfp = expDeviate();
        while (true) {
          double mu = physics[g.material[slab]].photonTotalPerMm(lnE);
          double db = distanceToBoundary(slab, z, uz);
          double d = mfp / mu;
          if (d < db) {
            x += ux * d;
            y += uy * d;
            z += uz * d;
            break;
          }
          x += ux * db;
          y += uy * db;
          z = uz > 0 ? g.zEndMm[slab] : g.zStartMm[slab];
          mfp -= db * mu;
          slab += uz > 0 ? 1 : -1;
          if (slab < 0) {
            ledger.leakedFrontMeV += e;
            return;
          }
          if (slab >= g.slabs) {
            ledger.leakedBackMeV += e;
            return;
          }
          if (Math.abs(x) > halfWidth || Math.abs(y) > halfWidth) {
            ledger.leakedSideMeV += e;
            return;
          }
        }
        if (Math.abs(x) > halfWidth || Math.abs(y) > halfWidth) {
          ledger.leakedSideMeV += e;
          return;
        }
        MaterialPhysics p = physics[g.material[slab]];
        double muPe = p.photoPerMm(lnE);
        double muC = p.comptonPerMm(lnE);
        double muPair = p.pairPerMm(lnE);
        double r = rng.nextDouble() * (muPe + muC + muPair);
        if (r < muPe) {
          // photo-absorption: the photo-electron carries the energy (binding energy neglected)
          push(ELECTRON, slab, e, x, y, z, ux, uy, uz);
          return;
        } else if (r < muPe + muC) {
          double eps = sampleCompton(e);
          double ePrime = eps * e;
          double k = e / ELECTRON_MASS_MEV;
          double cos = 1 - (1 - eps) / (eps * k);
          rotateRandomPhi(ux, uy, uz, Math.max(-1, Math.min(1, cos)));
          double nx = rx;
          double ny = ry;
          double nz = rz;
          double te = e - ePrime;
          // electron momentum = photon momentum before - after
          double ex = e * ux - ePrime * nx;
          double ey = e * uy - ePrime * ny;
          double ez = e * uz - ePrime * nz;
          double norm = Math.sqrt(ex * ex + ey * ey + ez * ez);
          if (norm > 0) {
            push(ELECTRON, slab, te, x, y, z, ex / norm, ey / norm, ez / norm);
          } else {
            deposit(slab, x, y, z, te, true);
          }
          e = ePrime;
          ux = nx;
          uy = ny;
          uz = nz;
        } else {
          double xMin = ELECTRON_MASS_MEV / e;
          double frac;
          do {
            frac = xMin + (1 - 2 * xMin) * rng.nextDouble();
          } while (rng.nextDouble() > 1 - 4.0 / 3.0 * frac * (1 - frac));
          double tMinus = frac * e - ELECTRON_MASS_MEV;
          double tPlus = e - 2 * ELECTRON_MASS_MEV - tMinus;
          push(ELECTRON, slab, Math.max(0, tMinus), x, y, z, ux, uy, uz);
          push(POSITRON, slab, Math.max(0, tPlus), x, y, z, ux, uy, uz);
          return;
        }
      }
    }

    /** Klein–Nishina: the ratio ε = E'/E (Butcher–Messel method as in Geant4). */
    private double sampleCompton(double e) {
      double k = e / ELECTRON_MASS_MEV;
      double eps0 = 1 / (1 + 2 * k);
      double eps0sq = eps0 * eps0;
      double a1 = -Math.log(eps0);
      double a2 = 0.5 * (1 - eps0sq);
      while (true) {
        double eps;
        double epsSq;
        if (a1 > (a1 + a2) * rng.nextDouble()) {
          eps = Math.exp(-a1 * rng.nextDouble());
          epsSq = eps * eps;
        } else {
          epsSq = eps0sq + (1 - eps0sq) * rng.nextDouble();
          eps = Math.sqrt(epsSq);
        }
        double oneCos = (1 - eps) / (eps * k);
        double sin2 = oneCos * (2 - oneCos);
        double gfun = 1 - eps * sin2 / (1 + epsSq);
        if (gfun >= rng.nextDouble()) {
          return eps;
        }
      }
    }

    // ------------------------------------------------------------------ e+ e-

    private void stop(int t, double kin, int slab, double x, double y, double z) {
      deposit(slab, x, y, z, kin, true);
      if (t == POSITRON) {
        double cos = 2 * rng.nextDouble() - 1;
        double sin = Math.sqrt(Math.max(0, 1 - cos * cos));
        double phi = 2 * Math.PI * rng.nextDouble();
        double ax = sin * Math.cos(phi);
        double ay = sin * Math.sin(phi);
        push(PHOTON, slab, ELECTRON_MASS_MEV, x, y, z, ax, ay, cos);
        push(PHOTON, slab, ELECTRON_MASS_MEV, x, y, z, -ax, -ay, -cos);
      }
    }

    private void leak(int t, double kin, int where) {
      double e = kin + (t == POSITRON ? 2 * ELECTRON_MASS_MEV : 0);
      if (where < 0) {
        ledger.leakedFrontMeV += e;
      } else if (where > 0) {
        ledger.leakedBackMeV += e;
      } else {
        ledger.leakedSideMeV += e;
      }
    }

    private void charged(int t, double kin, int slab, double x, double y, double z,
        double ux, double uy, double uz) {
      final boolean positron = t == POSITRON;
      final double maxFrac = settings.maxEnergyLossFraction();
      final double maxStepX0 = settings.maxStepX0();
      final double thetaMax = settings.maxScatteringAngleRad();
      while (true) {
        int mat = g.material[slab];
        MaterialPhysics p = physics[mat];
        double cut = p.electronCutMeV;
        if (kin <= cut) {
          stop(t, kin, slab, x, y, z);
          return;
        }
        steps++;
        double lnT = Math.log(kin);
        double dedx = p.dedxMevPerMm(lnT, positron);
        double rateB = p.bremsRatePerMm(lnT);
        double rateD = p.deltaRatePerMm(kin, positron);
        double rate = rateB + rateD;
        double sDiscrete = rate > 0 ? expDeviate() / rate : Double.POSITIVE_INFINITY;
        double sLoss = maxFrac * kin / dedx;
        double sRange = (kin - cut) / dedx;
        double pc = Math.sqrt(kin * (kin + 2 * ELECTRON_MASS_MEV));
        double beta = pc / (kin + ELECTRON_MASS_MEV);
        double a = thetaMax * beta * pc / HIGHLAND_MEV;
        double sMsc = p.x0Mm * a * a;
        double sGeo = maxStepX0 * p.x0Mm;
        double sB = distanceToBoundary(slab, z, uz);
        double s = Math.min(Math.min(sDiscrete, sB), Math.min(Math.min(sLoss, sMsc), sGeo));
        boolean ranOut = false;
        if (sRange <= s) {
          s = sRange;
          ranOut = true;
        }
        double dE = dedx * s;
        deposit(slab, x + 0.5 * s * ux, y + 0.5 * s * uy, z + 0.5 * s * uz, dE, false);
        kin -= dE;
        double nxp = x + s * ux;
        double nyp = y + s * uy;
        double nzp = z + s * uz;
        // multiple scattering over the step (Highland, PDG eqs. for plane angle and offset)
        double xOverX0 = s / p.x0Mm;
        double theta0 = 0;
        if (xOverX0 > 0) {
          double corr = Math.max(0.5, 1 + 0.038 * Math.log(xOverX0 / (beta * beta)));
          theta0 = HIGHLAND_MEV / (beta * pc) * Math.sqrt(xOverX0) * corr;
        }
        boolean atBoundary = !ranOut && s == sB;
        int crossDir = uz > 0 ? 1 : -1;
        if (theta0 > 0) {
          double g1 = gauss.sample();
          double g2 = gauss.sample();
          double g3 = gauss.sample();
          double g4 = gauss.sample();
          double thx = g2 * theta0;
          double thy = g4 * theta0;
          double theta = Math.sqrt(thx * thx + thy * thy);
          double cosPhi = theta > 0 ? thx / theta : 1;
          double sinPhi = theta > 0 ? thy / theta : 0;
          double cos;
          if (theta > Math.PI) {
            cos = 2 * rng.nextDouble() - 1;
          } else {
            cos = Math.cos(theta);
          }
          double sin = Math.sqrt(Math.max(0, 1 - cos * cos));
          if (!atBoundary) {
            // lateral offset in the plane perpendicular to the old direction
            double offX = s * theta0 * (g1 * 0.28867513459481287 + g2 * 0.5);
            double offY = s * theta0 * (g3 * 0.28867513459481287 + g4 * 0.5);
            double perp2 = ux * ux + uy * uy;
            double ox;
            double oy;
            double oz;
            if (perp2 > 1e-12) {
              double den = Math.sqrt(perp2);
              ox = offX * ux * uz / den - offY * uy / den;
              oy = offX * uy * uz / den + offY * ux / den;
              oz = -offX * den;
            } else {
              ox = offX;
              oy = offY;
              oz = 0;
            }
            double cz = nzp + oz;
            if (cz > g.zStartMm[slab] && cz < g.zEndMm[slab]) {
              nxp += ox;
              nyp += oy;
              nzp = cz;
            }
          }
          rotate(ux, uy, uz, cos, sin, cosPhi, sinPhi);
          ux = rx;
          uy = ry;
          uz = rz;
        }
        x = nxp;
        y = nyp;
        z = nzp;
        if (ranOut) {
          stop(t, kin, slab, x, y, z);
          return;
        }
        if (atBoundary) {
          z = crossDir > 0 ? g.zEndMm[slab] : g.zStartMm[slab];
          slab += crossDir;
          if (slab < 0) {
            leak(t, kin, -1);
            return;
          }
          if (slab >= g.slabs) {
            leak(t, kin, 1);
            return;
          }
        } else if (s == sDiscrete) {
          if (rng.nextDouble() * rate < rateB) {
            double k = sampleBremsPhoton(kin);
            kin -= k;
            push(PHOTON, slab, k, x, y, z, ux, uy, uz);
          } else {
            double tMax = positron ? kin : 0.5 * kin;
            double tc = p.deltaThresholdMeV;
            if (tMax > tc) {
              double td = 1 / (1 / tc - rng.nextDouble() * (1 / tc - 1 / tMax));
              double cosD = Math.sqrt(td * (kin + 2 * ELECTRON_MASS_MEV) / (kin * (td + 2 * ELECTRON_MASS_MEV)));
              kin -= td;
              if (td > cut) {
                rotateRandomPhi(ux, uy, uz, Math.min(1, cosD));
                push(ELECTRON, slab, td, x, y, z, rx, ry, rz);
              } else {
                deposit(slab, x, y, z, td, true);
              }
            }
          }
        }
        if (Math.abs(x) > halfWidth || Math.abs(y) > halfWidth) {
          leak(t, kin, 0);
          return;
        }
      }
    }

    /** Photon energy from the complete-screening Bethe–Heitler spectrum above the photon cut. */
    private double sampleBremsPhoton(double kin) {
      double eTot = kin + ELECTRON_MASS_MEV;
      double yc = photonCut / eTot;
      double ym = kin / eTot;
      double lr = Math.log(ym / yc);
      double y;
      do {
        y = yc * Math.exp(lr * rng.nextDouble());
      } while (rng.nextDouble() > 1 - y + 0.75 * y * y);
      return y * eTot;
    }
  }
}
