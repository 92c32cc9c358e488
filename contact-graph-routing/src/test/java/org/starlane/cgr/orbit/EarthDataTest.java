package org.starlane.cgr.orbit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orekit.time.AbsoluteDate;

/** Orekit data from the classpath or from a user's directory, never from Orekit's default. */
class EarthDataTest {
  @Test
  void bundledDataHasTheLeapSecondsAndEarthFrames() {
    EarthData data = EarthData.bundled();
    assertThat(data.source()).isEqualTo("classpath:" + EarthData.LEAP_SECOND_RESOURCE);
    assertThat(data.itrf().getName()).contains("ITRF");
    assertThat(data.teme().getName()).isEqualTo("TEME");
    assertThat(data.earth().getBodyFrame()).isSameAs(data.itrf());
  }

  @Test
  void loadsAnOrekitDataDirectory(@TempDir Path dir) throws IOException {
    try (InputStream in =
        EarthData.class.getClassLoader().getResourceAsStream(EarthData.LEAP_SECOND_RESOURCE)) {
      Files.copy(in, dir.resolve("tai-utc.dat"));
    }
    EarthData data = EarthData.fromOrekitDataDirectory(dir);
    AbsoluteDate date = new AbsoluteDate(2020, 1, 1, 0, 0, 0.0, data.utc());
    assertThat(data.utc().offsetFromTAI(date).toDouble()).isEqualTo(-37.0);
    assertThat(data.source()).isEqualTo(dir.toString());
  }

  @Test
  void rejectsAMissingDirectoryAndADirectoryWithoutLeapSeconds(@TempDir Path dir) {
    assertThatThrownBy(() -> EarthData.fromOrekitDataDirectory(dir.resolve("none")))
        .isInstanceOf(OrbitDataException.class)
        .hasMessageContaining("is not a readable directory");
    assertThatThrownBy(() -> EarthData.fromOrekitDataDirectory(dir))
        .isInstanceOf(OrbitDataException.class)
        .hasMessageContaining("cannot load Orekit data from " + dir);
  }
}
