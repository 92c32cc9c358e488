package org.starlane.cgr.orbit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The two-line element and ground-station file readers. */
class InputFilesTest {
  private static final String L1 =
      "1 70001U 26001A   26001.00000000  .00000000  00000-0  00000+0 0  9995";
  private static final String L2 =
      "2 70001  86.4000   0.0000 0001000   0.0000   0.0000 14.33517932    18";

  @Test
  void readsTheSampleConstellationWithConsecutiveNodeNumbers() {
    List<Satellite> satellites = Fixtures.satellites();
    assertThat(satellites).hasSize(66);
    assertThat(satellites.get(0).name()).isEqualTo("RELAY-1A");
    assertThat(satellites.get(0).node()).isEqualTo(1001);
    assertThat(satellites.get(65).node()).isEqualTo(1066);
  }

  @Test
  void readsSetsWithoutTitleAndWithZeroTitle() {
    List<Satellite> untitled =
        TwoLineElementsFile.read(new StringReader(L1 + "\n" + L2 + "\n"), "t.tle", 5);
    assertThat(untitled)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.name()).isEqualTo("SAT-70001");
              assertThat(s.node()).isEqualTo(5);
            });
    List<Satellite> titled =
        TwoLineElementsFile.read(new StringReader("0 ALPHA\n" + L1 + "\n" + L2), "t.tle", 5);
    assertThat(titled.get(0).name()).isEqualTo("ALPHA");
  }

  @Test
  void rejectsABadChecksumNamingTheLines() {
    String bad = L2.substring(0, 68) + "7";
    assertThatThrownBy(
            () -> TwoLineElementsFile.read(new StringReader("X\n" + L1 + "\n" + bad), "t.tle", 1))
        .isInstanceOf(OrbitDataException.class)
        .hasMessageContaining("t.tle:2-3")
        .hasMessageContaining("checksum");
  }

  @Test
  void rejectsAMissingLineTwoAndAnEmptyFile() {
    assertThatThrownBy(() -> TwoLineElementsFile.read(new StringReader("X\n" + L1), "t.tle", 1))
        .isInstanceOf(OrbitDataException.class)
        .hasMessageContaining("t.tle:2: element set without its line 2");
    assertThatThrownBy(() -> TwoLineElementsFile.read(new StringReader("\n\n"), "t.tle", 1))
        .isInstanceOf(OrbitDataException.class)
        .hasMessageContaining("no two-line element set");
    assertThatThrownBy(() -> TwoLineElementsFile.read(new StringReader(L2), "t.tle", 1))
        .isInstanceOf(OrbitDataException.class)
        .hasMessageContaining("t.tle:1: line 2 without a line 1");
  }

  @Test
  void readsTheSampleStationsWithCommentsAndDefaultNodes() {
    List<GroundStation> stations = Fixtures.stations();
    assertThat(stations).hasSize(10);
    assertThat(stations.get(0)).isEqualTo(new GroundStation(1, "svalbard", 78.23, 15.39, 500, 10));
    assertThat(stations.get(9).name()).isEqualTo("canberra");
    assertThat(stations.get(9).node()).isEqualTo(10);
  }

  @Test
  void stationFileTakesAHeaderExplicitNodesAndAnEmptyMask() {
    String text =
        "name,latitude_deg,longitude_deg,altitude_m,min_elevation_deg,node\n"
            + "a,10,20,30,,42\n"
            + "\n"
            + "b,-10,-20,0,5\n";
    List<GroundStation> stations =
        GroundStationsFile.read(new StringReader(text), "s.csv", 7, 12.5);
    assertThat(stations)
        .containsExactly(
            new GroundStation(42, "a", 10, 20, 30, 12.5),
            new GroundStation(8, "b", -10, -20, 0, 5));
  }

  @Test
  void stationFileErrorsNameTheLineAndTheField() {
    assertThatThrownBy(
            () -> GroundStationsFile.read(new StringReader("# c\na,91,0,0,10\n"), "s.csv", 1, 10))
        .isInstanceOf(OrbitDataException.class)
        .hasMessageContaining("s.csv:2")
        .hasMessageContaining("latitude");
    assertThatThrownBy(
            () -> GroundStationsFile.read(new StringReader("a,1,east,0,10\n"), "s.csv", 1, 10))
        .isInstanceOf(OrbitDataException.class)
        .hasMessageContaining("s.csv:1: field longitude_deg: 'east' is not a finite number");
    assertThatThrownBy(() -> GroundStationsFile.read(new StringReader("a,1,2\n"), "s.csv", 1, 10))
        .isInstanceOf(OrbitDataException.class)
        .hasMessageContaining("expected 5 or 6 comma-separated fields");
    assertThatThrownBy(
            () -> GroundStationsFile.read(new StringReader("a,1,2,3,4,x\n"), "s.csv", 1, 10))
        .isInstanceOf(OrbitDataException.class)
        .hasMessageContaining("field node");
    assertThatThrownBy(
            () -> GroundStationsFile.read(new StringReader("a,1,2,3,4,0\n"), "s.csv", 1, 10))
        .isInstanceOf(OrbitDataException.class)
        .hasMessageContaining("not an ipn node number");
  }

  @Test
  void requestRejectsANodeNumberUsedTwice() {
    Satellite sat = Fixtures.satellites().get(0);
    GroundStation station = new GroundStation(sat.node(), "clash", 0, 0, 0, 10);
    assertThatThrownBy(
            () ->
                PredictionRequest.of(
                    List.of(sat),
                    List.of(station),
                    Fixtures.EPOCH,
                    java.time.Duration.ofHours(1),
                    Fixtures.UPLINK,
                    Fixtures.DOWNLINK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("node number 1001 of station clash is also satellite RELAY-1A");
  }
}
