package io.github.mixup4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

  @Test
  void render_showsFractionRateEtaAndLoss() {
    ProgressBar bar = new ProgressBar(new PrintWriter(new StringWriter()), true);
    bar.start("epoch 2/5", 40);
    // 10 of 40 batches, 640 images in 2 s: 320 img/s, 30 batches left at 5 batches/s = 6 s
    String line = bar.render(10, 640, 0.51234, 2.0);
    assertEquals("epoch 2/5 [█████               ] 10/40  320 img/s  ETA 0:06  loss 0.5123", line);
    assertTrue(bar.render(40, 2560, 0.4, 8.0).contains("[████████████████████] 40/40"));
  }

  @Test
  void update_redrawsInPlace_atMostEvery100ms_andFinishErases() {
    StringWriter sink = new StringWriter();
    AtomicLong now = new AtomicLong();
    ProgressBar bar = new ProgressBar(new PrintWriter(sink), true, now::get);
    bar.start("epoch 1/1", 100);
    bar.update(1, 64, 1.0);
    now.addAndGet(50_000_000L);
    bar.update(2, 128, 1.0); // 50 ms later: not redrawn
    now.addAndGet(60_000_000L);
    bar.update(3, 192, 1.0); // 110 ms after the first draw: redrawn
    String out = sink.toString();
    assertEquals(2, out.chars().filter(c -> c == '\r').count(), out);
    assertTrue(out.contains(" 3/100 "), out);
    bar.finish();
    assertTrue(sink.toString().endsWith("\r"), "the line is erased");
  }

  @Test
  void disabled_drawsNothing() {
    StringWriter sink = new StringWriter();
    ProgressBar bar = new ProgressBar(new PrintWriter(sink), false);
    bar.start("epoch 1/1", 10);
    bar.update(5, 320, 0.3);
    bar.finish();
    assertEquals("", sink.toString());
  }
}
