package dev.streamrelay.faults.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamrelay.faults.harness.ProcessSampler.Sample;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SteadyRunTest {

  private static List<Sample> series(long heapStartKb, long heapStepKb, int fdStart, int fdStep) {
    List<Sample> s = new ArrayList<>();
    for (int i = 0; i < SteadyRun.SAMPLES; i++) {
      s.add(new Sample(i, heapStartKb + i * heapStepKb, fdStart + i * fdStep, 80, 400_000));
    }
    return s;
  }

  @Test
  void noiseAroundALevelIsFlat() {
    List<Sample> s = series(30_000, 0, 230, 0);
    s.set(3, new Sample(3, 45_000, 236, 81, 400_000));
    assertThat(SteadyRun.flatness(s)).startsWith("flat");
  }

  @Test
  void aHeapThatKeepsGrowingIsNot() {
    assertThat(SteadyRun.flatness(series(30_000, 20_000, 230, 0))).startsWith("growing");
  }

  @Test
  void descriptorsThatLeakAreNot() {
    assertThat(SteadyRun.flatness(series(30_000, 0, 230, 5))).startsWith("growing");
  }

  @Test
  void theWarmUpIsIgnored() {
    List<Sample> s = series(60_000, 0, 230, 0);
    s.set(0, new Sample(0, 10_000, 200, 60, 300_000));
    s.set(1, new Sample(1, 15_000, 210, 70, 300_000));
    assertThat(SteadyRun.flatness(s)).startsWith("flat");
  }
}
