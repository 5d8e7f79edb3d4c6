package io.github.mixup4j.cli;

/**
 * Sets PyTorch's thread counts before the engine starts ({@code ai.djl.pytorch.num_threads} for
 * intra-op work, one inter-op thread). Once the engine has started in this JVM the counts are
 * fixed, so a later call changes nothing.
 */
final class Threads {
  private Threads() {}

  static void configure(Integer threads) {
    int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    if (System.getProperty("ai.djl.pytorch.num_threads") == null || threads != null) {
      System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(n));
    }
    if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
  }
}
