package io.github.mixup4j.cli.report;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * The content of a run's {@code config.json}, written once when the run starts ({@link
 * RunFolder#writeConfig}) and read back to resume it or to evaluate its model:
 *
 * <pre>
 * {"seed": 42, "options": {...}, "data_files": [{"path": ..., "kind": "file", "bytes": ...,
 * "files": 1, "sha256": ...}, ...], "versions": {"mixup4j": ..., "java": ..., "djl": ..., "os":
 * ...}, "created": "2025-01-01T12:00:00Z"}
 * </pre>
 *
 * @param seed the run's seed
 * @param options every option of the run by its command-line name, in the order to show them, with
 *     the data's description under {@code dataset}; a JSON tree because the set of options grows
 *     with the tool (a {@code --resume} compares them one by one, and each reader reads its part as
 *     a record with {@link Json#fromTree}); null in a file without it
 * @param versions the versions that wrote the run; null in a file without it
 * @param created when the run started, ISO-8601 UTC to the second
 */
public record RunConfig(
    long seed, JsonObject options, List<DataFile> dataFiles, Versions versions, String created) {

  /**
   * A config created now.
   *
   * @param seed the run's seed
   * @param options every option by its command-line name ({@link Json#tree} of an ordered map)
   * @param dataFiles the inputs of the data with their digests
   * @param versions the versions to record, usually {@link Versions#detect()}
   * @return the config, {@code created} now
   */
  public static RunConfig create(
      long seed, JsonObject options, List<DataFile> dataFiles, Versions versions) {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(versions, "versions");
    return new RunConfig(
        seed,
        options,
        List.copyOf(dataFiles),
        versions,
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
  }

  /**
   * Reads a {@code config.json}.
   *
   * @param file the file
   * @return the config
   * @throws IOException if the file cannot be read or is not a JSON object of this shape; the
   *     message names the file
   */
  public static RunConfig read(Path file) throws IOException {
    return Json.read(file, RunConfig.class);
  }

  /**
   * Whether mixup4j wrote this config: it has {@code options} and {@code versions.mixup4j}.
   *
   * @return true if it is recognisably a run's config
   */
  public boolean isOurs() {
    return options != null && versions != null && versions.mixup4j() != null;
  }
}
