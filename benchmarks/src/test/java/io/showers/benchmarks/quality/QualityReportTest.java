package io.showers.benchmarks.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.showers.datasets.metrics.FrechetDistance;
import io.showers.datasets.metrics.KernelDistance;
import io.showers.datasets.testing.SyntheticEvents;
import io.showers.detector.Json;
import io.showers.detector.airshower.AirShowerEvents;
import io.showers.detector.airshower.ArrayConfig;
import io.showers.detector.calorimeter.CalorimeterConfig;
import io.showers.detector.calorimeter.CalorimeterEvents;
import io.showers.generative.evaluation.ClassifierTest;
import io.showers.generative.evaluation.EnergyResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QualityReportTest {
  static final CalorimeterConfig CAL = CalorimeterConfig.defaults();
  static final ArrayConfig ARRAY = ArrayConfig.defaults();

  static QualityReport.Options small() {
    return new QualityReport.Options(0, true, true,
        new ClassifierTest.Options(new int[] {32}, 1e-3, 6, 2, 256, 1, 3),
        new EnergyResponse.Options(new int[] {32}, 2e-3, 10, 3, 256, true, 4),
        new FrechetDistance.Options(0, 0, 5, 5, 5), new KernelDistance.Options(500, 5, 6));
  }

  @Test
  void refusesDifferentDetectorsAndConfigurations(@TempDir Path dir) {
    CalorimeterEvents c = SyntheticEvents.calorimeter(CAL, 10, 1, SyntheticEvents.HGCAL_ENERGIES);
    AirShowerEvents a = SyntheticEvents.airShower(ARRAY, 10, 1, 0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> QualityReport.write(c, CAL, "cal.h5", a, ARRAY, "air.h5", dir, small(), n -> {}));
    assertTrue(e.getMessage().contains("cal.h5") && e.getMessage().contains("air.h5")
        && e.getMessage().contains("calorimeter") && e.getMessage().contains("airshower"), e.getMessage());
    CalorimeterConfig other = new CalorimeterConfig("W", CAL.absorberBeforeLayerX0(), 300, 12, 15, 10, 3.0);
    IllegalArgumentException f = assertThrows(IllegalArgumentException.class,
        () -> QualityReport.write(c, CAL, "a.h5", c, other, "b.h5", dir, small(), n -> {}));
    assertTrue(f.getMessage().contains("a.h5") && f.getMessage().contains("b.h5")
        && f.getMessage().contains("\"thresholdMip\":3.0"), f.getMessage());
  }

  @Test
  void calorimeterReportWithAllParts(@TempDir Path dir) throws Exception {
    CalorimeterEvents ref = SyntheticEvents.calorimeter(CAL, 1200, 1, SyntheticEvents.HGCAL_ENERGIES);
    CalorimeterEvents cand = SyntheticEvents.calorimeter(CAL, 1000, 2, SyntheticEvents.HGCAL_ENERGIES);
    int per = 12 * 15;
    for (int e = 0; e < cand.size(); e++) {
      java.util.Arrays.fill(cand.showersMip(), (e * 7 + 3) * per, (e * 7 + 4) * per, 0f);
    }
    AtomicLong work = new AtomicLong();
    QualityReport.Options o = small();
    QualityReport.Summary s = QualityReport.write(ref, CAL, cand, CAL, dir, o, work::addAndGet);
    assertEquals(QualityReport.plannedWork(1200, 1000, o), work.get(), "progress units");
    for (String f : new String[] {"report.md", "index.html", "metrics.json", "average_shower.png",
        "example_events.png", "profile_longitudinal.png", "profile_radial.png", "energy_response.png",
        "hist_e_layer_3.png", "hist_e_total.png"}) {
      assertTrue(Files.size(dir.resolve(f)) > 100, f);
    }
    JsonNode j = Json.mapper().readTree(dir.resolve("metrics.json").toFile());
    assertEquals("calorimeter", j.get("detector").asText());
    assertEquals(1200, j.get("nReference").asInt());
    assertTrue(j.get("classifier").get("high-level").get("auc").asDouble() > 0.9);
    assertTrue(j.get("classifierBaseline").has("low-level"));
    assertTrue(j.get("distances").get("fpd").asDouble() > j.get("distancesBaseline").get("fpd").asDouble());
    String md = Files.readString(dir.resolve("report.md"));
    assertTrue(md.contains("| e_layer_3 | MIP | observable | 1.0000"), md);
    assertTrue(Files.readString(dir.resolve("index.html")).contains("<img src=\"hist_e_layer_3.png\""));
    assertTrue(s.seconds().containsKey("classifier"));
  }

  @Test
  void airShowerReportWithoutNetworks(@TempDir Path dir) throws Exception {
    AirShowerEvents ref = SyntheticEvents.airShower(ARRAY, 800, 1, 0);
    AirShowerEvents cand = SyntheticEvents.airShower(ARRAY, 800, 2, 0.15);
    QualityReport.Options o = small().withNetworks(false).withMaxEvents(600);
    AtomicLong work = new AtomicLong();
    QualityReport.write(ref, ARRAY, cand, ARRAY, dir, o, work::addAndGet);
    assertEquals(QualityReport.plannedWork(800, 800, o), work.get());
    for (String f : new String[] {"average_footprint.png", "example_events.png", "profile_lateral.png",
        "profile_time_residual.png", "hist_ldf_slope.png", "hist_t_res_rms.png"}) {
      assertTrue(Files.size(dir.resolve(f)) > 100, f);
    }
    JsonNode j = Json.mapper().readTree(dir.resolve("metrics.json").toFile());
    assertEquals(600, j.get("nCandidate").asInt());
    assertTrue(!j.has("classifier"));
  }
}
