package io.github.mixup4j.cli;

import io.github.mixup4j.cli.report.AtomicFiles;
import io.github.mixup4j.train.data.ImageData;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code mixup4j preview}: a PNG grid of mixed images, to see what each method does.
 *
 * <p>It draws {@code 2·count} images at random (seeded) from the data and plans one batch of them
 * per method; each of the first {@code count} samples becomes a row: the sample A, its partner B,
 * the mixed image and the mixed label ("0.63 Trouser + 0.37 Dress"). All methods use the same
 * samples, so their rows line up.
 *
 * <p>The data is read by {@link DataSource}, as {@code train} reads it: the built-in subset, IDX,
 * CIFAR binary or an image folder; the samples come from its training part. 1-channel data gives a
 * grey picture, 3-channel data an RGB one.
 */
@Command(
    name = "preview",
    mixinStandardHelpOptions = true,
    description =
        "Write a PNG grid of images mixed by Mixup, CutMix and Cutout (or FMix, GridMix and"
            + " SmoothMix: --method masks).",
    sortOptions = false)
final class PreviewCommand extends CliCommand {
  @Mixin DataOptions data;

  @Option(
      names = "--method",
      order = 20,
      paramLabel = "METHOD",
      defaultValue = "all",
      description = "One of: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  PreviewMethod method;

  @Option(
      names = "--alpha",
      order = 30,
      paramLabel = "α",
      defaultValue = "1.0",
      description = "λ ~ Beta(α, α) for Mixup and CutMix, α > 0 (default: ${DEFAULT-VALUE}).")
  double alpha;

  @Option(
      names = "--mode",
      order = 40,
      paramLabel = "MODE",
      defaultValue = "elem",
      description =
          "How often λ and the CutMix box are drawn: ${COMPLETION-CANDIDATES}; one per batch, pair"
              + " or sample (default: ${DEFAULT-VALUE}, so the rows differ; training defaults to"
              + " batch).")
  PreviewMixer.Mode mode;

  @Option(
      names = "--count",
      order = 50,
      paramLabel = "N",
      defaultValue = "4",
      description = "Rows per method, 1 to " + MAX_COUNT + " (default: ${DEFAULT-VALUE}).")
  int count;

  @Option(
      names = "--seed",
      order = 60,
      paramLabel = "SEED",
      defaultValue = "42",
      description = "Seed for choosing and mixing the images (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = {"-o", "--output"},
      order = 70,
      paramLabel = "FILE",
      defaultValue = "preview.png",
      description = "PNG file to write; replaced atomically (default: ${DEFAULT-VALUE}).")
  Path output;

  static final int MAX_COUNT = 64;

  /** Encodes a picture as PNG. */
  @FunctionalInterface
  interface PngEncoder {
    void encode(BufferedImage image, OutputStream out) throws IOException;
  }

  /** How the PNG is encoded; tests replace it to fail half-way. */
  PngEncoder pngEncoder = PreviewCommand::writePng;

  @Override
  protected int run() throws IOException {
    System.setProperty("java.awt.headless", "true");
    if (!(alpha > 0) || Double.isInfinite(alpha)) {
      throw new ParameterException(
          spec.commandLine(), "--alpha must be a number > 0, but was " + alpha);
    }
    if (count < 1 || count > MAX_COUNT) {
      throw new ParameterException(
          spec.commandLine(), "--count must be from 1 to " + MAX_COUNT + ", but was " + count);
    }
    data.validate(spec.commandLine());
    DataSource.Loaded loaded = data.load(seed);
    ImageData set = loaded.train();
    int n = 2 * count;
    if (set.size() < n) {
      throw new IOException(
          loaded.description()
              + " has "
              + set.size()
              + " training images; --count "
              + count
              + " needs at least "
              + n);
    }
    int c = set.channels();
    int h = set.height();
    int w = set.width();
    int size = set.sampleSize();
    int[] chosen = choose(set.labels(), n, new SplittableRandom(seed));
    float[] batch = new float[n * size];
    int[] labels = new int[n];
    for (int j = 0; j < n; j++) {
      labels[j] = set.labels()[chosen[j]];
      System.arraycopy(set.pixels(), chosen[j] * size, batch, j * size, size);
    }
    if (common.verbose()) {
      err()
          .printf(
              Locale.ROOT,
              "preview: %s, %d training images of %d×%d×%d; samples %s%n",
              loaded.description(),
              set.size(),
              c,
              h,
              w,
              Arrays.toString(chosen));
    }
    Tiles tiles = new Tiles(batch, c, h, w);
    List<String> classes = set.classes();

    List<PreviewRenderer.Block> blocks = new ArrayList<>();
    for (PreviewMethod m : method.expand()) {
      PreviewMixer.Result r =
          PreviewMixer.mix(m, alpha, mode, classes.size(), seed, batch, n, c, h, w);
      List<PreviewRenderer.Row> rows = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        rows.add(row(m, classes, labels, tiles, r, i));
      }
      blocks.add(new PreviewRenderer.Block(blockTitle(m, h, w), rows));
    }
    String subtitle =
        String.format(
            Locale.ROOT,
            "%s  ·  seed %d  ·  batch of %d, first %d shown  ·  --mode %s: %s",
            loaded.description(),
            seed,
            n,
            count,
            Main.lowerCase(mode),
            mode.description);
    BufferedImage picture =
        new PreviewRenderer(h, w, c == 3).render("mixup4j preview", subtitle, blocks);
    AtomicFiles.write(output, out -> pngEncoder.encode(picture, out));
    out().println("Wrote " + output.toAbsolutePath().normalize());
    return 0;
  }

  /** The chosen batch, turned into pictures image by image. */
  private record Tiles(float[] batch, int channels, int rows, int cols) {
    BufferedImage of(float[] x, int image) {
      return PreviewRenderer.tile(x, image, channels, rows, cols);
    }
  }

  private PreviewRenderer.Row row(
      PreviewMethod m,
      List<String> classes,
      int[] labels,
      Tiles tiles,
      PreviewMixer.Result r,
      int i) {
    PreviewMixer.Sample s = r.samples()[i];
    int p = s.partner();
    String a = classes.get(labels[i]);
    String b = classes.get(labels[p]);
    BufferedImage mixed = tiles.of(r.mixed(), i);
    BufferedImage aPix = tiles.of(tiles.batch(), i);
    if (m == PreviewMethod.CUTOUT) {
      int[] box = s.box();
      String detail =
          box == null
              ? "not erased; label unchanged"
              : String.format(
                  Locale.ROOT,
                  "%d×%d px (h×w) box erased; label unchanged",
                  box[2] - box[0],
                  box[3] - box[1]);
      return new PreviewRenderer.Row(aPix, a, null, "", mixed, "cutout", box, a, detail);
    }
    if ("none".equals(s.kind()) || p == i) {
      return new PreviewRenderer.Row(
          aPix,
          a,
          null,
          "",
          mixed,
          "not mixed",
          null,
          a,
          p == i ? "paired with itself: left as it is" : "not mixed in this draw");
    }
    double lam = s.lambda();
    String label = String.format(Locale.ROOT, "%.2f %s + %.2f %s", lam, a, 1 - lam, b);
    String detail;
    String caption;
    if (m.isMask()) {
      caption = String.format(Locale.ROOT, "λ = %.2f (share)", lam);
      detail = String.format(Locale.ROOT, "mask: %.0f%% of A's pixels kept", 100 * lam);
    } else if (m == PreviewMethod.MIXUP) {
      caption = String.format(Locale.ROOT, "λ = %.2f", lam);
      detail =
          String.format(
              Locale.ROOT,
              "pixels: %.2f·A + %.2f·B;  λ ~ Beta(%s, %s)",
              lam,
              1 - lam,
              num(),
              num());
    } else {
      int[] box = s.box();
      caption = String.format(Locale.ROOT, "λ = %.2f (area)", lam);
      detail =
          box == null
              ? "no box pasted"
              : String.format(
                  Locale.ROOT,
                  "%d×%d px (h×w) box of B pasted into A; λ = A's kept area",
                  box[2] - box[0],
                  box[3] - box[1]);
    }
    return new PreviewRenderer.Row(
        aPix, a, tiles.of(tiles.batch(), p), b, mixed, caption, s.box(), label, detail);
  }

  private String blockTitle(PreviewMethod m, int h, int w) {
    return switch (m) {
      case MIXUP -> "Mixup    α = " + num();
      case CUTMIX -> "CutMix    α = " + num();
      case CUTOUT -> {
        int side = PreviewMixer.cutoutSize(h, w);
        yield "Cutout    " + side + "×" + side + " px box, fill 0";
      }
      case FMIX -> "FMix    α = " + num() + ", decay power 3";
      case GRIDMIX -> "GridMix    cells from B with probability 0.8";
      case SMOOTHMIX -> "SmoothMix    a smooth circle of B";
      case RESIZEMIX -> "ResizeMix    B shrunk into a box, τ ∈ [0.1, 0.8]";
      case SALIENCYMIX -> "SaliencyMix    α = " + num() + ", B's box at its saliency peak";
      case ALL, MASKS -> throw new IllegalStateException(m + " is expanded before drawing");
    };
  }

  private String num() {
    return alpha == Math.rint(alpha) && Math.abs(alpha) < 1e6
        ? String.format(Locale.ROOT, "%.1f", alpha)
        : Double.toString(alpha);
  }

  /**
   * {@code n} distinct sample indices, spread over the classes: the classes present are shuffled
   * and taken in turn, and each turn takes a random sample of its class not taken before.
   *
   * @param labels the label of every sample
   * @param n how many to choose, at most {@code labels.length}
   * @param rng the random source
   * @return the indices, in the order chosen
   */
  static int[] choose(int[] labels, int n, SplittableRandom rng) {
    Map<Integer, List<Integer>> byClass = new TreeMap<>();
    for (int i = 0; i < labels.length; i++) {
      byClass.computeIfAbsent(labels[i], k -> new ArrayList<>()).add(i);
    }
    List<List<Integer>> pools = new ArrayList<>(byClass.values());
    for (int i = pools.size() - 1; i > 0; i--) {
      Collections.swap(pools, i, rng.nextInt(i + 1));
    }
    int[] chosen = new int[n];
    int taken = 0;
    for (int turn = 0; taken < n; turn++) {
      List<Integer> pool = pools.get(turn % pools.size());
      if (!pool.isEmpty()) {
        int j = rng.nextInt(pool.size());
        chosen[taken++] = pool.get(j);
        pool.set(j, pool.get(pool.size() - 1));
        pool.remove(pool.size() - 1);
      }
    }
    return chosen;
  }

  static void writePng(BufferedImage image, OutputStream out) throws IOException {
    try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
      if (!ImageIO.write(image, "png", ios)) {
        throw new IOException("no PNG encoder in this Java runtime");
      }
    }
  }
}
