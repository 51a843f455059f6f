package io.showers.datasets;

import io.showers.detector.DetectorConfig;
import java.time.Instant;

/**
 * The root attributes of a showers HDF5 file.
 *
 * @param schema the file schema (detector and version)
 * @param detector the detector configuration (written as canonical JSON)
 * @param producer JSON naming the simulator or model, its version and settings
 * @param seed master seed of the production the events belong to
 * @param firstEvent global index of the file's first event within that production; event k of
 *     the file is reproduced by the producer from {@code (seed, firstEvent + k)}
 * @param created creation time (UTC)
 */
public record FileMetadata(
    Schema schema, DetectorConfig detector, String producer, long seed, long firstEvent, Instant created) {

  /** Metadata for a new file of the detector's schema, created now. */
  public static FileMetadata of(DetectorConfig detector, String producer, long seed, long firstEvent) {
    return new FileMetadata(Schema.of(detector.kind()), detector, producer, seed, firstEvent, Instant.now());
  }

  /** The same metadata for a file starting at another event. */
  public FileMetadata withFirstEvent(long first) {
    return new FileMetadata(schema, detector, producer, seed, first, created);
  }
}
