package org.starlane.cgr.orbit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.orekit.data.DataContext;
import org.orekit.data.DataLoader;
import org.orekit.data.DataProvider;
import org.orekit.data.DataProvidersManager;
import org.orekit.data.LazyLoadedDataContext;

/**
 * Prediction never reaches for Orekit's global default data context: with a default context whose
 * only data provider records every request, a whole prediction (propagation, frames, time scales,
 * ground and inter-satellite windows, instants) leaves the record empty.
 */
class NoDefaultDataContextTest {
  /** Records the file-name patterns it is asked to feed and feeds nothing. */
  private static final class RecordingProvider implements DataProvider {
    final List<String> requests = Collections.synchronizedList(new ArrayList<>());

    @Override
    public boolean feed(Pattern supported, DataLoader visitor, DataProvidersManager manager) {
      requests.add(supported.pattern());
      return false;
    }
  }

  @Test
  void predictionUsesOnlyItsOwnDataContext() {
    LazyLoadedDataContext previous = DataContext.getDefault();
    LazyLoadedDataContext trap = new LazyLoadedDataContext();
    RecordingProvider recorder = new RecordingProvider();
    trap.getDataProvidersManager().addProvider(recorder);
    DataContext.setDefault(trap);
    try {
      EarthData data = EarthData.bundled();
      List<ContactWindow> windows =
          new ContactPredictor(data)
              .predict(
                  PredictionRequest.of(
                          Fixtures.satellites().subList(0, 3),
                          Fixtures.stations().subList(0, 2),
                          Fixtures.EPOCH,
                          Duration.ofHours(3),
                          Fixtures.UPLINK,
                          Fixtures.DOWNLINK)
                      .withInterSatelliteLinks(
                          new InterSatelliteLinks(4_000_000, 100_000, Fixtures.UPLINK)));
      PredictedContactPlan.of(windows);
      assertThat(windows).isNotEmpty();
      assertThat(recorder.requests).isEmpty();
    } finally {
      DataContext.setDefault(previous);
    }
  }
}
