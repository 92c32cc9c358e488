package org.starlane.cgr;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.starlane.cgr.plan.IonContactPlanReader;

/**
 * The CGR tutorial's contact plan (test resource {@code cgr-tutorial.ionrc}), t = 0 at the epoch.
 */
final class TutorialPlan {
  private TutorialPlan() {}

  static final long A = 1;
  static final long B = 2;
  static final long C = 3;
  static final long D = 4;
  static final long E = 5;

  static ContactPlan load() {
    try (Reader in =
        new InputStreamReader(
            TutorialPlan.class.getResourceAsStream("cgr-tutorial.ionrc"),
            StandardCharsets.US_ASCII)) {
      return IonContactPlanReader.withReferenceTime(Instant.EPOCH).read(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
